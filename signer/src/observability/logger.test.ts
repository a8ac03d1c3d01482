import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from './logger.js'

/** A logger writing into an array of lines. */
function capture() {
  const lines: string[] = []
  const logger = createLogger({
    destination: new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk))
        done()
      },
    }),
  })
  return { lines, logger }
}

describe('logger redaction', () => {
  it('censors secrets, keys, tokens and signatures wherever they sit', () => {
    const { lines, logger } = capture()
    logger.info(
      {
        authorization: 'Bearer sk_live_abc',
        client_secret: 'cs_1_secret_xyz',
        request: { sign: 'deadbeef', token_id: '{"data":"card"}', amount: '1.00' },
        config: { secret: 'gw-secret', apiKey: 'sk_key', nested: { cert: '-----BEGIN' } },
      },
      'hello',
    )
    const line = lines.join('')
    for (const secret of [
      'sk_live_abc',
      'cs_1_secret_xyz',
      'deadbeef',
      'card',
      'gw-secret',
      'sk_key',
      '-----BEGIN',
    ])
      expect(line).not.toContain(secret)
    expect(line).toContain('"amount":"1.00"')
    expect(line).toContain('[redacted]')
  })

  it('censors a Google Pay token as the route receives it (token) and as sent to eftPay (token_id)', () => {
    const { lines, logger } = capture()
    const googleToken = '{"protocolVersion":"ECv2","signedMessage":"GPAY_CARD_DATA"}'
    logger.info({ body: { token: googleToken, client_secret: 'cs_x' } }, 'route body')
    logger.child({ component: 'gateway' }).info({ request: { token_id: googleToken } }, 'sent')
    expect(lines).toHaveLength(2)
    expect(lines.join('')).not.toContain('GPAY_CARD_DATA')
    expect(lines.join('')).toContain('[redacted]')
  })

  it('censors at any depth and in any letter case, in child bindings, and secret values in messages', () => {
    const lines: string[] = []
    const logger = createLogger({
      secrets: ['gw-secret-value-123'],
      destination: new Writable({
        write(chunk, _e, done) {
          lines.push(String(chunk))
          done()
        },
      }),
    })
    logger.child({ Authorization: 'Bearer sk_child_binding', component: 'test' }).info(
      {
        a: {
          b: { c: { d: { Client_Secret: 'cs_deep_secret', list: [{ SIGN: 'sig_in_list' }] } } },
        },
      },
      'sent gw-secret-value-123 by mistake',
    )
    const line = lines.join('')
    for (const secret of [
      'sk_child_binding',
      'cs_deep_secret',
      'sig_in_list',
      'gw-secret-value-123',
    ]) {
      expect(line).not.toContain(secret)
    }
    expect(JSON.parse(line)).toMatchObject({ component: 'test', msg: 'sent [redacted] by mistake' })
  })
})

describe('logger bounds: what a sender controls cannot flood the log', () => {
  const long = 'A'.repeat(65_000)

  it('cuts long strings in fields, nested values, child bindings, errors and the message, with a marker', () => {
    const { lines, logger } = capture()
    logger.warn({ out_trade_no: long, nested: { deep: [long] } }, 'refused')
    logger.child({ component: long }).info('child')
    logger.error({ err: new Error(long) }, 'failed')
    logger.info(`message ${long}`)
    expect(lines).toHaveLength(4)
    for (const line of lines) {
      expect(line.length).toBeLessThan(8_000)
      expect(line).toMatch(/\[cut: \d+ more characters\]/)
    }
    const first = JSON.parse(lines[0] as string) as { out_trade_no: string }
    expect(first.out_trade_no.startsWith('AAAA')).toBe(true)
    expect(first.out_trade_no).toContain('[cut: ')
  })

  it('cuts long lists and objects with many keys, and says so', () => {
    const { lines, logger } = capture()
    const many = Object.fromEntries(
      Array.from({ length: 5_000 }, (_, i) => [`k${i}${'K'.repeat(i === 0 ? 10_000 : 0)}`, 'v']),
    )
    logger.warn({ list: Array.from({ length: 5_000 }, () => 'x'), many }, 'big')
    expect(lines).toHaveLength(1)
    expect((lines[0] as string).length).toBeLessThan(8_000)
    const line = JSON.parse(lines[0] as string) as { list: string[]; many: Record<string, string> }
    expect(line.list.at(-1)).toMatch(/\[cut: \d+ more items\]/)
    expect(Object.values(line.many).at(-1)).toMatch(/\[cut: \d+ more keys\]/)
  })

  it('leaves ordinary values whole', () => {
    const { lines, logger } = capture()
    const stack = new Error('boom').stack as string
    logger.info({ out_trade_no: 'cs_1234abcd_1', err: { stack } }, 'ordinary')
    const line = JSON.parse(lines[0] as string) as { out_trade_no: string; err: { stack: string } }
    expect(line.out_trade_no).toBe('cs_1234abcd_1')
    expect(line.err.stack).toBe(stack)
  })
})
