import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The request a piece of code is running for. The request-context middleware runs each request
 * inside `runInRequest`, so every log line written while handling it (the money core's, the
 * gateway client's, not only the route's own `c.get('log')`) carries its `request_id`
 * (logger.ts adds it). Background work (reconciler, webhooks) runs outside any request.
 */
const scope = new AsyncLocalStorage<string>()

export function runInRequest<T>(requestId: string, fn: () => T): T {
  return scope.run(requestId, fn)
}

/** The id of the request being handled here, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore()
}
