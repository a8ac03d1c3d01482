import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from './logger.js'

describe('logger redaction', () => {
  it('censors secrets, keys, tokens and signatures wherever they sit', () => {
    const lines: string[] = []
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _e, done) {
          lines.push(String(chunk))
          done()
        },
      }),
    })
    logger.info({
      authorization: 'Bearer sk_live_abc',
      client_secret: 'cs_1_secret_xyz',
      request: { sign: 'deadbeef', token_id: '{"data":"card"}', amount: '1.00' },
      config: { secret: 'gw-secret', apiKey: 'sk_key', nested: { cert: '-----BEGIN' } },
    }, 'hello')
    const line = lines.join('')
    for (const secret of ['sk_live_abc', 'cs_1_secret_xyz', 'deadbeef', 'card', 'gw-secret', 'sk_key', '-----BEGIN']) expect(line).not.toContain(secret)
    expect(line).toContain('"amount":"1.00"')
    expect(line).toContain('[redacted]')
  })
})
