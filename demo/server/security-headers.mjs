/**
 * The demo's pages run under a strict Content-Security-Policy, as a careful merchant's would:
 * scripts and styles only from files on this origin (no inline code), and network calls only to
 * this origin, the signer and Google Pay's payment method manifest. It proves the widget works without 'unsafe-inline' (README.md,
 * "The Content-Security-Policy line").
 * @param {number} signerPort
 * @param {string} [signerOrigin] the signer as the shopper's browser reaches it (a phone: the network address)
 */
export function contentSecurityPolicy(signerPort, signerOrigin) {
  const signer = new Set([`http://127.0.0.1:${signerPort}`, `http://localhost:${signerPort}`])
  if (signerOrigin) signer.add(signerOrigin)
  return [
    "default-src 'self'",
    // https://google.com/pay: Chrome fetches the Google Pay payment method's manifest from there
    // when the widget asks whether Google Pay can pay (widget/README.md).
    `connect-src 'self' ${[...signer].join(' ')} https://google.com/pay`,
    // The widget may draw its QR code as a data: image.
    "img-src 'self' data:",
    "base-uri 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Hono middleware that adds the CSP and the usual hardening headers to every answer. */
export function securityHeaders(signerPort, signerOrigin) {
  const csp = contentSecurityPolicy(signerPort, signerOrigin)
  return async function securityHeadersMiddleware(c, next) {
    await next()
    c.header('Content-Security-Policy', csp)
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'same-origin')
    c.header('Cross-Origin-Opener-Policy', 'same-origin')
  }
}
