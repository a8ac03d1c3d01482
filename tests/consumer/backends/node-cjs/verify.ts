// A CommonJS backend (compiled to require()) with nothing installed but @eftpay/webhooks:
// verifies the deliveries the ESM receiver recorded, and refuses one with a tampered body.
import { readFileSync } from 'node:fs'
import { verifyWebhook, type WebhookErrorCode, WebhookVerificationError } from '@eftpay/webhooks'

const secret = process.env.MERCHANT_WEBHOOK_SECRET ?? ''
const lines = readFileSync(process.argv[2] ?? 'deliveries.jsonl', 'utf8')
  .trim()
  .split('\n')
const types: string[] = []
for (const line of lines) {
  const { payload, header } = JSON.parse(line) as { payload: string; header: string }
  types.push(verifyWebhook({ payload, header, secret }).type)
  try {
    verifyWebhook({ payload: payload.replace('"', ' "'), header, secret })
    throw new Error('a tampered body was accepted')
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error
    const code: WebhookErrorCode = error.code
    if (code !== 'signature_mismatch') throw new Error(`refused for ${code}, not the body`)
  }
}
console.log(
  `verified ${types.join(',')} with ${typeof require === 'function' ? 'require' : 'import'}`,
)
