import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSigner, type TestSigner, tempDir } from '../integration/harness.js'

/**
 * A sender's values reach the log bounded (observability/logger.ts): a refused, unsigned
 * notification used to log its `out_trade_no` whole, 65 kB per line for anyone who posts.
 */

let signer: TestSigner
const tmp = tempDir()
beforeAll(async () => {
  signer = await startTestSigner({ dbFile: `${tmp.dir}/log-bounds.db` })
})
afterAll(async () => {
  await signer.close()
  tmp.remove()
})

describe('log lines caused by a request are bounded', () => {
  it('an unsigned notification with a 60 kB out_trade_no logs a short line', async () => {
    const before = signer.logs.length
    const res = await signer.api('/v1/gateway/notify', {
      method: 'POST',
      key: false,
      json: { out_trade_no: 'A'.repeat(60_000), sign: 'B'.repeat(2_000) },
    })
    expect(res.status).toBe(400)
    await res.arrayBuffer()
    const lines = signer.logs.slice(before)
    const refused = lines.find((l) => l.includes('refused a notification'))
    expect(refused).toBeDefined()
    expect(refused).toMatch(/\[cut: \d+ more characters\]/)
    for (const line of lines) expect(line.length).toBeLessThan(4_000)
  })
})
