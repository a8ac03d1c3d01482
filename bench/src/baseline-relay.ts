import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { Pool } from 'undici'
import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '../../signer/src/config/sandbox-credentials.js'
import { systemClock } from '../../signer/src/contract/clock.js'
import { formatGatewayTime } from '../../signer/src/gateway/hk-time.js'
import { signPayload } from '../../signer/src/gateway/sign.js'

/**
 * The baseline the signer is compared with: the least a relay can do to start a payment. Plain
 * `node:http`, read the body, build the same PreOrder the signer sends for ALIPAYHK on a phone,
 * sign it (the signer's own `signPayload`), `fetch` it to the sandbox, answer the pay link. No
 * validation, no routing table, no storage, no reply verification, no logging, no middleware.
 *
 * Env: PORT, GATEWAY_URL (the sandbox's VMP base), BASELINE_HTTP (`fetch`, the default, or `pool`:
 * an undici `Pool` with keep-alive and plain Node streams instead of `fetch`'s web streams, the
 * variant the signer's gateway client uses). `GET /healthz` answers 200.
 */

const gateway = process.env.GATEWAY_URL ?? ''
const port = Number(process.env.PORT ?? 0)
// Order numbers must be unique at the gateway (return_status 07 otherwise): a per-process prefix + counter.
const prefix = `B${randomBytes(4).toString('hex')}`
let counter = 0
const gatewayUrl = new URL(`${gateway}/Servlet/JSAPIService.do`)
const pool =
  process.env.BASELINE_HTTP === 'pool'
    ? new Pool(gatewayUrl.origin, { connections: 64, keepAliveTimeout: 30_000 })
    : undefined

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return void res.writeHead(200).end('ok')
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    void relay(Buffer.concat(chunks).toString('utf8'))
      .then((url) => {
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ next_action: { type: 'redirect', url } }))
      })
      .catch((error: unknown) => {
        res
          .writeHead(502, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: String(error) }))
      })
  })
})

async function relay(_body: string): Promise<string> {
  counter += 1
  const fields = signPayload(
    {
      service: 'service.alipay.wap.PreOrder',
      user_confirm_key: SANDBOX_USER_KEY,
      transaction_amount: '128.00',
      out_trade_no: `${prefix}${counter}`,
      payType: 'Alipay',
      buyerType: 'ios',
      subject: 'Tea for two',
      wallet: 'ALIPAYHK',
      pay_scene: 'WAP',
      fee_type: 'HKD',
      notify_url: `http://127.0.0.1:${port}/notify`,
      return_url: `http://127.0.0.1:${port}/return/x`,
      active_time: '900',
      time: formatGatewayTime(systemClock()),
    },
    SANDBOX_SECRET,
  )
  const body = JSON.stringify(fields)
  const headers = { 'content-type': 'application/json; charset=utf-8' }
  let reply: Record<string, string>
  if (pool) {
    const response = await pool.request({
      path: gatewayUrl.pathname,
      method: 'POST',
      headers,
      body,
    })
    reply = (await response.body.json()) as Record<string, string>
  } else {
    const response = await fetch(gatewayUrl, { method: 'POST', headers, body })
    reply = (await response.json()) as Record<string, string>
  }
  if (reply.return_status !== '00') throw new Error(`gateway refused: ${reply.return_status}`)
  return reply.pay_apptrade ?? ''
}

server.keepAliveTimeout = 30_000
server.listen(port, '127.0.0.1')
process.on('SIGTERM', () => server.close(() => process.exit(0)))
