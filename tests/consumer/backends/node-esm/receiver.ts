// A merchant backend's webhook endpoint (ESM): verifies each delivery with
// @eftpay/signer/webhooks and records the raw body and header for the CommonJS project to check.
import { appendFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { SIGNATURE_HEADER, verifyWebhook, WebhookVerificationError } from '@eftpay/signer/webhooks'

const secret = process.env.MERCHANT_WEBHOOK_SECRET ?? ''
const deliveries = process.env.DELIVERIES_FILE ?? 'deliveries.jsonl'

const server = createServer((req, res) => {
  let payload = ''
  req.setEncoding('utf8')
  req.on('data', (chunk: string) => (payload += chunk))
  req.on('end', () => {
    const header = req.headers[SIGNATURE_HEADER.toLowerCase()]
    try {
      const event = verifyWebhook({
        payload,
        header: typeof header === 'string' ? header : undefined,
        secret,
      })
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
