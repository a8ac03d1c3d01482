/**
 * Remembers the client secret of a session the widget created itself (sku flow), keyed by session
 * id in `sessionStorage`, so that the page the shopper returns to (`?session_id=…`, same tab, same
 * origin) can show the session's final state. Storage can be unavailable (privacy modes, sandboxed
 * frames): then the return page simply cannot show the state, nothing breaks.
 */
const key = (sessionId: string): string => `eftpay:${sessionId}`

/** Stores the client secret of a session created in this tab. */
export function rememberSecret(sessionId: string, clientSecret: string): void {
  try {
    sessionStorage.setItem(key(sessionId), clientSecret)
  } catch {
    // Storage refused: the return page will show the wallets instead of the final state.
  }
}

/** The client secret stored for a session, if this tab created it. */
export function recallSecret(sessionId: string): string | undefined {
  try {
    return sessionStorage.getItem(key(sessionId)) ?? undefined
  } catch {
    return undefined
  }
}
