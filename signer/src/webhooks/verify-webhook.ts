/**
 * `@eftpay/signer/webhooks`, kept for merchants who already import it: the same exports as
 * `@eftpay/webhooks`, the package merchants should import now (it has no dependencies beyond
 * Node; docs/api.md "Merchant webhooks"). The scheme lives there, and the signer signs with it.
 */
export * from '@eftpay/webhooks'
