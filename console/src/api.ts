/**
 * Calls to the console API (signer/src/console/server.ts): same origin, the session cookie sent by
 * the browser, the CSRF token on every change. Errors come back in the signer's shape
 * (docs/api.md "Errors") and are thrown as `ApiError`.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
  ) {
    super(message)
  }
}

let csrfToken = ''

export function setCsrfToken(token: string): void {
  csrfToken = token
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {}
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(`/console/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {}
  if (!res.ok) {
    const error = (json.error ?? {}) as { code?: string; message?: string; param?: string }
    throw new ApiError(
      res.status,
      error.code ?? 'error',
      error.message ?? res.statusText,
      error.param,
    )
  }
  if (typeof json.csrf_token === 'string') setCsrfToken(json.csrf_token)
  return json as T
}

export interface Me {
  user: { id: string; name: string; role: 'owner' | 'staff'; refund_limit: string; demo: boolean }
  csrf_token: string
  mode: 'sandbox' | 'live'
}
