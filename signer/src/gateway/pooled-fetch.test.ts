import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPooledFetch } from './pooled-fetch.js'

// A real HTTP server on loopback: echoes the request, answers 204, or never answers.
let server: Server
let base = ''
const sockets = new Set<string>()
beforeAll(async () => {
  server = createServer((req, res) => {
    sockets.add(`${req.socket.remotePort}`)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.url === '/empty') return void res.writeHead(204).end()
      if (req.url === '/never') return
      res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] })
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          type: req.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('createPooledFetch', () => {
  it('sends method, path, headers and body, and answers a Response with status and headers', async () => {
    const pooled = createPooledFetch()
    try {
      const res = await pooled(`${base}/Servlet/JSAPIService.do?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"a":"測"}',
      })
      expect(res.status).toBe(201)
      expect(res.ok).toBe(true)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.headers.get('set-cookie')).toBe('a=1, b=2')
      expect(await res.json()).toEqual({
        method: 'POST',
        url: '/Servlet/JSAPIService.do?x=1',
        type: 'application/json; charset=utf-8',
        body: '{"a":"測"}',
      })
    } finally {
      await pooled.close()
    }
  })

  it('reuses its kept-alive sockets instead of connecting per request', async () => {
    const pooled = createPooledFetch({ connections: 1 })
    sockets.clear()
    try {
      for (let i = 0; i < 5; i++)
        await (await pooled(`${base}/x`, { method: 'POST', body: '' })).text()
      expect(sockets.size).toBe(1)
    } finally {
      await pooled.close()
    }
  })

  it('answers 204 without a body', async () => {
    const pooled = createPooledFetch()
    try {
      const res = await pooled(`${base}/empty`)
      expect(res.status).toBe(204)
      expect(await res.text()).toBe('')
    } finally {
      await pooled.close()
    }
  })

  it('rejects with the signal reason (TimeoutError) when the timeout fires', async () => {
    const pooled = createPooledFetch()
    try {
      const error = await pooled(`${base}/never`, { signal: AbortSignal.timeout(50) }).catch(
        (e: unknown) => e,
      )
      expect((error as Error).name).toBe('TimeoutError')
    } finally {
      server.closeAllConnections()
      await pooled.close()
    }
  })

  it('rejects like fetch when nothing listens', async () => {
    const pooled = createPooledFetch()
    try {
      await expect(pooled('http://127.0.0.1:9/x')).rejects.toThrow()
    } finally {
      await pooled.close()
    }
  })
})
