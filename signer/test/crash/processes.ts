import { type ChildProcess, spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Child processes for the crash test: the standalone sandbox and the signer, each run from source
 * with `node --import tsx`, so `process.kill(pid, 'SIGKILL')` hits the very process that holds the
 * database (no wrapper in between).
 */

const signerDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface Child {
  child: ChildProcess
  /** Everything written to stderr and stdout (last 8 kB), for failure messages. */
  output(): string
  /** SIGTERM, then SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>
  /** SIGKILL now; resolves when it has exited. */
  kill(): Promise<void>
}

export function spawnTs(script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: signerDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-8000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const force = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(force)
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null && child.pid)
        process.kill(child.pid, 'SIGKILL')
      await exited
    },
  }
}

/** Polls `url` until it answers 200 (bounded), failing with the process's output. */
export async function waitHealthy(url: string, proc: Child, timeoutMs = 45_000): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    if (proc.child.exitCode !== null)
      throw new Error(`exited ${proc.child.exitCode} before healthy:\n${proc.output()}`)
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} not healthy in time:\n${proc.output()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
