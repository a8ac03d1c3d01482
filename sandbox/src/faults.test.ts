import { describe, expect, it } from 'vitest'
import { FaultBook, faultInput } from './faults.js'

describe('FaultBook', () => {
  it('has no faults by default', () => {
    const book = new FaultBook()
    expect(book.takeGateway('JSAPIService.do')).toBeUndefined()
    expect(book.takeNotify()).toBeUndefined()
    expect(book.snapshot()).toEqual({ gateway: [], notify: null, return: null })
  })

  it('counts gateway faults down and drops spent rules', () => {
    const book = new FaultBook()
    book.add(faultInput.parse({ http_status: 500, count: 2 }))
    expect(book.takeGateway('JSAPIService.do')?.http_status).toBe(500)
    expect(book.takeGateway('QRcodeTradeQuery.do')?.http_status).toBe(500)
    expect(book.takeGateway('JSAPIService.do')).toBeUndefined()
  })

  it('scopes a rule to its servlet, and keeps an uncounted rule until reset', () => {
    const book = new FaultBook()
    book.add(faultInput.parse({ servlet: 'QRcodeTradeQuery.do', latency_ms: 5 }))
    expect(book.takeGateway('JSAPIService.do')).toBeUndefined()
    for (let i = 0; i < 5; i++) expect(book.takeGateway('QRcodeTradeQuery.do')?.latency_ms).toBe(5)
    book.reset()
    expect(book.takeGateway('QRcodeTradeQuery.do')).toBeUndefined()
  })

  it('drops N deliveries, then applies duplicate for its count', () => {
    const book = new FaultBook()
    book.add(faultInput.parse({ notify: { drop: 2, duplicate: true, count: 1 } }))
    expect(book.takeNotify()?.drop).toBe(true)
    expect(book.takeNotify()?.drop).toBe(true)
    expect(book.takeNotify()).toEqual({
      drop: false,
      duplicate: true,
      delay_ms: 0,
      wrong_signature: false,
    })
    expect(book.takeNotify()).toBeUndefined()
    expect(book.snapshot().notify).toBeNull()
  })

  it('refuses descriptions with no fault or unknown fields', () => {
    expect(faultInput.safeParse({}).success).toBe(false)
    expect(faultInput.safeParse({ count: 3 }).success).toBe(false)
    expect(faultInput.safeParse({ latency_ms: 5, extra: 1 }).success).toBe(false)
    expect(faultInput.safeParse({ wrong_signature: false }).success).toBe(false)
  })
})
