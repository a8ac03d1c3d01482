import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnTsProcess, type TsProcess, waitUntilHealthy } from '../../../scripts/node-process.mjs'

/**
 * Child processes for the crash test: the standalone sandbox and the signer, each run from source
 * by the repository's one process helper (scripts/node-process.mjs), so `process.kill(pid,
 * 'SIGKILL')` hits the very process that holds the database.
 */

const signerDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export type Child = TsProcess

/** `node --import tsx <script>` in the signer folder. */
export function spawnTs(script: string, env: Record<string, string>): Child {
  return spawnTsProcess({ script, cwd: signerDir, env })
}

/** Polls `url` until it answers 200 (bounded), failing with the process's output. */
export const waitHealthy = (url: string, proc: Child, timeoutMs = 45_000): Promise<void> =>
  waitUntilHealthy(url, proc, timeoutMs)
