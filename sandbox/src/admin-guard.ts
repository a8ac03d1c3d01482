import type { MiddlewareHandler } from 'hono'

/**
 * The sandbox's admin routes (faults, variants, resends) change what it does for everyone using it,
 * so a page on another site must not reach them: a `text/plain` POST from any website would
 * otherwise install a lasting fault. A browser sends a cross-site POST without a preflight only
 * with a form-like content type, so every POST must be `application/json` (which needs a preflight
 * the sandbox never grants), and any `Origin` must be the sandbox's own, the origin the request was
 * addressed to, or a loopback one (a developer's tools). Requests with no `Origin` come from
 * non-browser clients (curl, tests) and pass. Reading (GET) stays open: without CORS headers
 * another site cannot read the answer. Documented in sandbox/README.md, "Endpoints".
 */
export function guardAdminRoutes(publicOrigin: string): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const origin = c.req.header('origin')
    if (origin !== undefined && !trustedOrigin(origin, [publicOrigin, new URL(c.req.url).origin])) {
      const shown = origin.slice(0, 200)
      return c.json(
        refusal(
          'permission_error',
          'origin_not_allowed',
          `The origin ${shown} may not change the sandbox: use its own origin, a localhost page or a client without Origin.`,
        ),
        403,
      )
    }
    if (c.req.method === 'POST' && !isJson(c.req.header('content-type'))) {
      return c.json(
        refusal(
          'invalid_request_error',
          'unsupported_media_type',
          'Send the body as Content-Type: application/json.',
        ),
        415,
      )
    }
    return next()
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The sandbox's own origins, or an http(s) page served from this machine. */
function trustedOrigin(origin: string, own: readonly string[]): boolean {
  if (own.includes(origin)) return true
  if (!URL.canParse(origin)) return false // `null` (sandboxed frames, file: pages) included
  const url = new URL(origin)
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '')
}

/** The sandbox's JSON errors have the signer's shape (docs/api.md "Errors"). */
function refusal(type: string, code: string, message: string) {
  return { error: { type, code, message, retryable: false } }
}
