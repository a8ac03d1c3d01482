import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY, testApp } from './helpers.js'

/** A client that hangs up halfway through its body is the client's doing, not the signer's error. */

let server: ServerType | undefined
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

async function eventually<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('a client that drops its connection mid-body', () => {
  it('is logged at a low level as an abort: no level-50 error, no 500 in the access log', async () => {
    const { app, lines } = testApp()
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
    })
    const { port } = server.address() as AddressInfo
    // Hang up once the server has the headers and is reading the body (not after a fixed time).
    const requestSeen = new Promise((resolve) => server?.once('request', resolve))
    const socket = connect(port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write(
      [
        'POST /v1/sessions HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Content-Type: application/json',
        `Authorization: Bearer ${API_KEY}`,
        'Content-Length: 5000',
        '',
        '{"amount":"12.50","curr',
      ].join('\r\n'),
    )
    await requestSeen
    socket.destroy()
    const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    const accessLine = await eventually(() => entries().find((e) => e.msg === 'request'))
    const all = entries()
    expect(all.filter((e) => Number(e.level) >= 50)).toEqual([])
    expect(accessLine.status).not.toBe(500)
    const abort = all.find((e) => e.msg === 'client aborted the request')
    expect(abort).toBeDefined()
    expect(Number(abort?.level)).toBeLessThanOrEqual(30)
  })
})
