// One self-contained declaration file for `@eftpay/signer/webhooks` (dist/webhooks.d.ts and its
// CommonJS twin .d.cts), made from tsc's output for the two source files: a d.cts cannot import the
// ESM declarations beside it, so the signing module's declarations are inlined.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const REEXPORT = "export { SIGNATURE_HEADER, signWebhook } from './sign-webhook.js';"

/** Returns the text of the combined declaration file; throws when the sources changed shape. */
export function webhookTypes(typesDir) {
  const verify = readFileSync(join(typesDir, 'verify-webhook.d.ts'), 'utf8')
  const sign = readFileSync(join(typesDir, 'sign-webhook.d.ts'), 'utf8')
  if (!verify.includes(REEXPORT) || /^import /m.test(verify.replace(REEXPORT, '')))
    throw new Error('verify-webhook.d.ts changed its imports: update scripts/webhook-types.mjs')
  const signBody = sign
    .replace(/^\/\*\*[\s\S]*?\*\/\n(?=export declare const SIGNATURE_HEADER)/, '')
    // Used inside verifyWebhook, not exported from the entry.
    .replace(
      'export declare function computeWebhookSignature',
      'declare function computeWebhookSignature',
    )
  if (/^import /m.test(signBody))
    throw new Error('sign-webhook.d.ts gained imports: update scripts/webhook-types.mjs')
  return `// @eftpay/signer/webhooks: verify the Eftpay-Signature of the signer's webhooks.\n${verify.replace(REEXPORT, signBody.trim())}`
}
