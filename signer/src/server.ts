import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'

/**
 * The HTTP server's lifecycle: bind, serve, drain. Binding comes first so that `PORT=0` is known
 * before anything is built from the configuration; a request that arrives before `serve` is given
 * the app waits for it (a health check during start-up is answered once the app is there).
 */

type FetchHandler = (request: Request, env: unknown) => Response | Promise<Response>

export interface BoundServer {
  /** The port actually bound (the system's choice for port 0). */
  port: number
  /** Starts answering requests with `fetch` (the app's). */
  serve(fetch: FetchHandler): void
  /**
   * Stops accepting, lets requests in flight finish, and closes their sockets as soon as they fall
   * idle (idle keep-alive sockets would otherwise hold the close open).
   */
  close(): Promise<void>
}

/** Binds `host:port` and resolves once listening; rejects if the address is taken. */
export async function bindServer(address: { host: string; port: number }): Promise<BoundServer> {
  let served: (fetch: FetchHandler) => void = () => {}
  const app = new Promise<FetchHandler>((resolve) => {
    served = resolve
  })
  let listener = getRequestListener(async (request, env) => (await app)(request, env))
  const server: Server = createServer((incoming, outgoing) => listener(incoming, outgoing))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(address.port, address.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  let closing: Promise<void> | undefined
  let isServed = false
  return {
    port: (server.address() as AddressInfo).port,
    serve(fetch) {
      listener = getRequestListener(fetch)
      isServed = true
      served(fetch)
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Never served (start-up failed): requests waiting for the app are cut off.
        if (!isServed) server.closeAllConnections()
        const sweep = setInterval(() => server.closeIdleConnections(), 50)
        server.close(() => {
          clearInterval(sweep)
          resolve()
        })
        server.closeIdleConnections()
      })
      return closing
    },
  }
}

/**
 * Stops on SIGTERM or SIGINT: `stop` drains and closes; the process exits 0 when it is done, or 1
 * if it fails or takes longer than `graceMs`.
 */
export function stopOnSignals(
  stop: () => Promise<void>,
  onSignal: (signal: NodeJS.Signals) => void,
  graceMs = 15_000,
): void {
  const shutdown = (signal: NodeJS.Signals) => {
    onSignal(signal)
    setTimeout(() => process.exit(1), graceMs).unref()
    stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1))
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
}
