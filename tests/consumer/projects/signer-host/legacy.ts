// Where the signer is installed (its bin runs the sandbox signer of the test), a merchant who
// imported verification from the signer before @eftpay/webhooks existed: `@eftpay/signer/webhooks`
// still verifies the deliveries the ESM receiver recorded, with the same types.
import { readFileSync } from 'node:fs'
import {
  SIGNATURE_HEADER,
  verifyWebhook,
  type WebhookEvent,
  WebhookVerificationError,
} from '@eftpay/signer/webhooks'

const secret = process.env.MERCHANT_WEBHOOK_SECRET ?? ''
const events: WebhookEvent[] = readFileSync(process.argv[2] ?? 'deliveries.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { payload: string; header: string })
  .map(({ payload, header }) => verifyWebhook({ payload, header, secret }))
try {
  verifyWebhook({ payload: '{}', header: 't=1,v1=00', secret })
  throw new Error('a malformed header was accepted')
} catch (error) {
  if (!(error instanceof WebhookVerificationError)) throw error
}
console.log(`${SIGNATURE_HEADER}: verified ${events.map((e) => e.type).join(',')} with import`)
