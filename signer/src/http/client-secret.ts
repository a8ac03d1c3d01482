import { secureCompare } from '@eftpay/webhooks'
import { PermissionError } from '../errors.js'

/**
 * Authorises a browser call by the session's `client_secret` (the caller loads only what it needs:
 * the session alone, or with its payments for the public view). Decision: an unknown session and a
 * wrong secret get the same 403 `invalid_client_secret`, so the answer does not tell whether a
 * session id exists; the comparison runs in constant time either way.
 */
export function assertClientSecret(
  stored: { clientSecret: string } | undefined,
  sessionId: string,
  clientSecret: string,
): asserts stored {
  // Compare against something even when the session is unknown, so both paths take the same time.
  const expected = stored?.clientSecret ?? `${sessionId}_secret_unknown`
  const ok = secureCompare(clientSecret, expected)
  if (!stored || !ok) {
    throw new PermissionError({
      code: 'invalid_client_secret',
      param: 'client_secret',
      message:
        'The client_secret does not match this session. Use the client_secret returned when the session was created.',
    })
  }
}
