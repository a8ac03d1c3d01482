import type { Config } from '../config/index.js'
import { bindServer } from '../server.js'
import { findConsoleAssets } from './assets.js'
import type { ConsoleDeps } from './context.js'
import { createConsoleApp } from './server.js'

/**
 * The console's own listener, beside the public one (main.ts): CONSOLE_HOST:CONSOLE_PORT, loopback
 * by default. Its URL is CONSOLE_PUBLIC_URL, else `http://localhost:<bound port>` (a host name:
 * passkeys refuse an IP address).
 */

export interface RunningConsole {
  url: string
  port: number
  close(): Promise<void>
}

/**
 * The port to bind: CONSOLE_PORT, else the public port + 1, or any free port when the public one is
 * (`PORT=0`: tests and parallel signers never fight over a fixed console port).
 */
export function consolePortFor(config: Config): number {
  if (config.consolePort !== undefined) return config.consolePort
  return config.port === 0 ? 0 : Math.min(config.port + 1, 65535)
}

/** The console's origin for a bound port. */
export function consoleUrlOf(config: Config, port: number): string {
  return config.consolePublicUrl ?? `http://localhost:${port}`
}

/** `port`: from `consolePortFor` on the configuration as loaded (before `PORT=0` was bound). */
export async function startConsole(
  deps: Omit<ConsoleDeps, 'consoleUrl' | 'assetsDir'> & { port: number },
): Promise<RunningConsole> {
  const { config } = deps
  const server = await bindServer({ host: config.consoleHost, port: deps.port })
  const url = consoleUrlOf(config, server.port)
  const assetsDir = findConsoleAssets()
  server.serve(
    createConsoleApp({ ...deps, consoleUrl: url, ...(assetsDir ? { assetsDir } : {}) }).fetch,
  )
  deps.logger.info(
    { url, address: `${config.consoleHost}:${server.port}`, pages: Boolean(assetsDir) },
    'merchant console listening',
  )
  return { url, port: server.port, close: () => server.close() }
}
