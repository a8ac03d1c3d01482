import type { ChildProcess } from 'node:child_process'

export interface SpawnOptions {
  /** The script to run, relative to `cwd`: `.ts` with `node --import tsx`, `.mjs`/`.js` with plain `node`. */
  script: string
  /** Default: the repository root. */
  cwd?: string
  env?: Record<string, string>
  /** Extra `node` flags (e.g. `--cpu-prof`), which NODE_OPTIONS may not carry. */
  nodeArgs?: string[]
  /** `capture` (default): keep the last 8 kB of both streams; `stderr`: drop stdout; `inherit`: this terminal. */
  output?: 'capture' | 'stderr' | 'inherit'
  /** Also append everything the process writes to this file. */
  logFile?: string
}

export interface TsProcess {
  child: ChildProcess
  /** Resolves when the process has exited. */
  exited: Promise<void>
  /** The last 8 kB it wrote, for failure messages. */
  output(): string
  /** SIGTERM, then SIGKILL after `graceMs` (default 5 s); resolves when it has exited. */
  stop(graceMs?: number): Promise<void>
  /** SIGKILL now; resolves when it has exited. */
  kill(): Promise<void>
}

export declare function spawnTsProcess(options: SpawnOptions): TsProcess
export declare function waitUntilHealthy(
  url: string,
  proc: TsProcess,
  timeoutMs?: number,
): Promise<void>

export interface SignerProcessOptions extends Omit<SpawnOptions, 'script' | 'env'> {
  env: Record<string, string>
  port: number
  timeoutMs?: number
}

export interface SignerProcess extends TsProcess {
  url: string
}

export declare function startSignerProcess(options: SignerProcessOptions): Promise<SignerProcess>
