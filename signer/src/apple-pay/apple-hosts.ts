/**
 * The hosts Apple documents for merchant validation ("Setting up your server": Apple Pay servers
 * and the China mainland ones, production and sandbox). A `validation_url` is accepted only when
 * it is https on one of these exact hosts, so the signer (which holds the merchant identity
 * certificate) can never be pointed at another server: no SSRF, no leaked client certificate.
 */
const pods = (prefix: string) =>
  ['nc', 'pr'].flatMap((region) =>
    [1, 2, 3, 4, 5].map((n) => `${prefix}apple-pay-gateway-${region}-pod${n}.apple.com`),
  )

export const APPLE_VALIDATION_HOSTS: ReadonlySet<string> = new Set([
  'apple-pay-gateway.apple.com',
  'cn-apple-pay-gateway.apple.com',
  ...pods(''),
  ...pods('cn-'),
  'apple-pay-gateway-cert.apple.com',
  'cn-apple-pay-gateway-cert.apple.com',
])

/** True for `https://<an Apple validation host>/...` on the default port, with no credentials in the URL. */
export function isAppleValidationUrl(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    APPLE_VALIDATION_HOSTS.has(url.hostname)
  )
}
