import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Runs a part of this repository from source as a child process (`node --import tsx <script>`, or
 * plain `node` for a built `.mjs`/`.js`) and
 * waits until it answers: the one helper behind the demo's signer, the bench's processes and the
 * crash test's signer. The child is the very process that runs the script (no wrapper), so a
 * SIGKILL sent to its pid hits what holds the database.
 */

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))

/**
 * @param {import('./node-process.d.mts').SpawnOptions} options
 * @returns {import('./node-process.d.mts').TsProcess}
 */
export function spawnTsProcess({
  script,
  cwd = REPO_ROOT,
  env = {},
  nodeArgs = [],
  output = 'capture',
  logFile,
}) {
  // A built .mjs/.js (e.g. signer/dist/signer.mjs) runs on plain node, without tsx's loader.
  const loader = /\.[cm]?ts$/.test(script) ? ['--import', 'tsx'] : []
  const child = spawn(process.execPath, [...nodeArgs, ...loader, script], {
    cwd,
    env: { ...process.env, ...env },
    stdio: [
      'ignore',
      output === 'inherit' ? 'inherit' : output === 'stderr' ? 'ignore' : 'pipe',
      output === 'inherit' ? 'inherit' : 'pipe',
    ],
  })
  let recent = ''
  const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk) => {
      log?.write(chunk)
      recent = (recent + chunk.toString('utf8')).slice(-8000)
    })
  }
  if (log) child.on('close', () => log.end())
  const exited = new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  const running = () => child.exitCode === null && child.signalCode === null
  let stopping
  return {
    child,
    exited,
    output: () => recent,
    stop(graceMs = 5_000) {
      stopping ??= (async () => {
        if (!running()) return
        child.kill('SIGTERM')
        const force = setTimeout(() => child.kill('SIGKILL'), graceMs)
        await exited
        clearTimeout(force)
      })()
      return stopping
    },
    async kill() {
      if (running() && child.pid) process.kill(child.pid, 'SIGKILL')
      await exited
    },
  }
}

/**
 * Polls `url` until it answers 200; fails early if the process exits, or after `timeoutMs`, with
 * what the process wrote.
 * @param {string} url
 * @param {import('./node-process.d.mts').TsProcess} proc
 * @param {number} [timeoutMs]
 */
export async function waitUntilHealthy(url, proc, timeoutMs = 45_000) {
  const until = Date.now() + timeoutMs
  let last = 'no answer yet'
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(
        `exited (${proc.child.exitCode ?? proc.child.signalCode}) before ${url} answered:\n${proc.output()}`,
      )
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      await res.arrayBuffer()
      if (res.status === 200) return
      last = `answered ${res.status}`
    } catch (error) {
      last = error instanceof Error ? error.message : String(error)
    }
    if (Date.now() > until) {
      throw new Error(
        `${url} not healthy within ${timeoutMs / 1000} s (${last}):\n${proc.output()}`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * The signer (`signer/src/main.ts`), configured only by `env` as a merchant runs it, once its
 * `/healthz` answers. Stopped (SIGTERM, then SIGKILL) if it does not become healthy.
 * @param {import('./node-process.d.mts').SignerProcessOptions} options
 * @returns {Promise<import('./node-process.d.mts').SignerProcess>}
 */
export async function startSignerProcess({ env, port, timeoutMs = 45_000, ...spawnOptions }) {
  const proc = spawnTsProcess({
    script: 'signer/src/main.ts',
    env: { ...env, PORT: String(port) },
    ...spawnOptions,
  })
  const url = `http://127.0.0.1:${port}`
  try {
    await waitUntilHealthy(`${url}/healthz`, proc, timeoutMs)
  } catch (error) {
    await proc.stop()
    throw error
  }
  return { ...proc, url }
}
