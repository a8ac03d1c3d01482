// A merchant backend's webhook endpoint (ESM) with nothing installed but @eftpay/webhooks:
// verifies each delivery from the raw body's bytes and records the body and header for the
// CommonJS project (and the @eftpay/signer/webhooks check) to verify again.
import { appendFileSync } from 'node:fs'
import { createServer } from 'node:http'
import {
  SIGNATURE_HEADER,
  verifyWebhook,
  type WebhookEvent,
  WebhookVerificationError,
} from '@eftpay/webhooks'

const secret = process.env.MERCHANT_WEBHOOK_SECRET ?? ''
const deliveries = process.env.DELIVERIES_FILE ?? 'deliveries.jsonl'

const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    const body = Buffer.concat(chunks)
    const header = req.headers[SIGNATURE_HEADER.toLowerCase()]
    try {
      // The bytes and Node's header value exactly as received.
      const event: WebhookEvent = verifyWebhook({ payload: body, header, secret })
      const payload = body.toString('utf8')
      appendFileSync(deliveries, `${JSON.stringify({ type: event.type, payload, header })}\n`)
      res.writeHead(200).end('ok')
    } catch (error) {
      res.writeHead(400).end(error instanceof WebhookVerificationError ? error.code : 'error')
    }
  })
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object') console.log(`listening ${address.port}`)
})
