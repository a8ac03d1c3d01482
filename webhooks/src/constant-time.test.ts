import { beforeEach, describe, expect, it, vi } from 'vitest'
import { secureCompare } from './secure-compare.js'
import { signWebhook } from './sign.js'
import { verifyWebhook } from './verify.js'

// Every comparison goes through secureCompare, watched here.
vi.mock('./secure-compare.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./secure-compare.js')>()
  return { secureCompare: vi.fn(original.secureCompare) }
})

describe('constant-time comparison', () => {
  beforeEach(() => {
    vi.mocked(secureCompare).mockClear()
  })

  it('compares by hash: equal strings match, any difference (even of length) does not, without throwing', () => {
    const hex = 'a'.repeat(64)
    expect(secureCompare(hex, hex)).toBe(true)
    expect(secureCompare(hex, `${'a'.repeat(63)}b`)).toBe(false)
    // timingSafeEqual alone throws on different lengths (and so leaks the length); hashed, it cannot.
    expect(secureCompare(hex, 'a')).toBe(false)
    expect(secureCompare('', hex)).toBe(false)
  })

  it('checks every v1 against every secret, without stopping at the first match', () => {
    const now = new Date('2026-11-21T12:00:00Z')
    const t = now.getTime() / 1000
    const payload = '{"id":"ev_1","type":"session.paid","created_at":"","data":{}}'
    const header = signWebhook(payload, ['s1_first', 's2_second', 's3_third'], t)
    verifyWebhook({ payload, header, secret: ['s1_first', 'other_secret'], now })
    // 2 secrets × 3 signatures, although the very first comparison matched.
    expect(secureCompare).toHaveBeenCalledTimes(6)
    expect(vi.mocked(secureCompare).mock.results[0]?.value).toBe(true)
  })
})
