import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Runs the real signer as a child process, exactly as a merchant would run it (`node --import tsx
 * signer/src/main.ts`, configured only by the environment), and waits until `/healthz` answers.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * @param {{ env: Record<string, string>, port: number, logFile?: string, timeoutMs?: number }} options
 *   `logFile`: where the signer's JSON log goes; without it the log is passed through to this terminal.
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startSigner({ env, port, logFile, timeoutMs = 45_000 }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'signer/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', logFile ? 'pipe' : 'inherit', logFile ? 'pipe' : 'inherit'],
  })
  let recent = ''
  if (logFile) {
    const log = createWriteStream(logFile, { flags: 'a' })
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk) => {
        log.write(chunk)
        recent = (recent + chunk.toString()).slice(-4000) // for the error message if it dies at start
      })
    }
    child.on('close', () => log.end())
  }
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )

  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  let lastError = 'no answer yet'
  for (;;) {
    const early = await Promise.race([exited, sleep(250).then(() => undefined)])
    if (early) {
      throw new Error(
        `the signer exited at start (code ${early.code ?? early.signal})${recent ? `:\n${recent}` : ''}`,
      )
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })
      if (res.ok) break
      lastError = `healthz answered ${res.status}`
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err)
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(
        `the signer did not become healthy within ${timeoutMs / 1000} s (${lastError})${recent ? `:\n${recent}` : ''}`,
      )
    }
  }

  let stopping
  return {
    url,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return
        child.kill('SIGTERM')
        const done = await Promise.race([exited, sleep(5_000).then(() => undefined)])
        if (!done) {
          child.kill('SIGKILL')
          await exited
        }
      })()
      return stopping
    },
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
