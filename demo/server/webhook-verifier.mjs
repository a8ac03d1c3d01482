/**
 * Loads `verifyWebhook` from `@eftpay/webhooks`, the package merchants install to verify the
 * signer's webhooks, so the demo verifies them the way a merchant's backend would.
 * Inside the workspace that package points at its TypeScript source, which plain Node does not
 * load from `node_modules`; tsx's scoped `tsImport` compiles just that module without changing how this server loads.
 */
export async function loadWebhookVerifier(secret) {
  const { tsImport } = await import('tsx/esm/api')
  /** @type {typeof import('@eftpay/webhooks')} */
  const mod = await tsImport('@eftpay/webhooks', import.meta.url)
  /**
   * @param {string} payload the raw body, as received
   * @param {string | undefined} header the `Eftpay-Signature` header
   */
  return async function verify(payload, header) {
    return mod.verifyWebhook({ payload, header, secret })
  }
}
