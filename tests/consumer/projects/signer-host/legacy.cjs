// The same merchant in CommonJS: require('@eftpay/signer/webhooks') still verifies the deliveries.
const { readFileSync } = require('node:fs')
const { verifyWebhook } = require('@eftpay/signer/webhooks')

const types = readFileSync(process.argv[2] ?? 'deliveries.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line))
  .map(
    ({ payload, header }) =>
      verifyWebhook({ payload, header, secret: process.env.MERCHANT_WEBHOOK_SECRET ?? '' }).type,
  )
console.log(`verified ${types.join(',')} with require`)
