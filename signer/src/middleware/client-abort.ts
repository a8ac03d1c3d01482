import type { Context } from 'hono'

/**
 * A client that hangs up before its request is read makes the body stream fail (Node: `Error:
 * aborted`, `ECONNRESET`). That is the client's doing, not a fault of the signer: it is logged as
 * an abort at info level and answered 499 (nginx's "client closed request"; nobody receives it),
 * instead of a level-50 "unhandled error" with a stack and a 500 in the access log.
 */

/** 499: the status nginx records for a client that closed the connection first. */
export const CLIENT_CLOSED_REQUEST = 499

interface NodeIncoming {
  aborted?: boolean
  destroyed?: boolean
  socket?: { destroyed?: boolean }
}

/** Whether `error` is the request's own connection going away while it was being read. */
export function isClientAbort(error: unknown, c: Context): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  const looksAborted =
    error.message === 'aborted' || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE'
  if (!looksAborted) return false
  const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming
  return Boolean(incoming?.aborted || incoming?.destroyed || incoming?.socket?.destroyed)
}
