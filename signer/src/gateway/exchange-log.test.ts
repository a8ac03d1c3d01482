import { describe, expect, it } from 'vitest'
import { createExchangeLog, exchangeLogRoutes } from './exchange-log.js'

describe('exchange log', () => {
  it('keeps the newest exchanges first, bounded, with Apple Pay tokens redacted', async () => {
    const log = createExchangeLog(3, () => new Date('2024-01-01T00:00:00Z'))
    for (let i = 0; i < 5; i++) {
      log.record({
        servlet: 'JSAPIService.do',
        service: `s${i}`,
        request: { out_trade_no: `A${i}`, token_id: '{"data":"secret-card"}', sign: 'x' },
        ms: 1.234,
      })
    }
    const body = (await (await exchangeLogRoutes(log).request('/exchanges?limit=10')).json()) as {
      exchanges: { service: string; request: Record<string, string> }[]
    }
    expect(body.exchanges.map((e) => e.service)).toEqual(['s4', 's3', 's2'])
    expect(body.exchanges[0]?.request.token_id).toBe('[redacted]')
    expect(JSON.stringify(body)).not.toContain('secret-card')
  })
})
