import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseUrlFor } from '../postgres/test-store.js'
import { eventually, tempDir } from './harness.js'

/**
 * The container runs one bundled file with plain `node` (Dockerfile). No Docker engine runs here,
 * so this builds the bundle and starts it the way the image's CMD does, on a free port.
 */
const signerRoot = fileURLToPath(new URL('../..', import.meta.url))
let child: ChildProcess | undefined
const tmp = tempDir()

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  tmp.remove()
})

describe('the bundle', () => {
  // Built once for the file, so each test stands on its own (none depends on another's build).
  beforeAll(() => {
    // --app: only what the image runs (the full build also emits the library's types).
    execFileSync(process.execPath, ['scripts/bundle.mjs', '--app'], {
      cwd: signerRoot,
      stdio: 'pipe',
    })
  }, 120_000)

  it('builds into one file, starts with plain node in sandbox mode and answers /healthz', async () => {
    // Port 0: the OS picks a free port as the bundle binds it (a port found free and released
    // first may be taken again by the time the child binds); the startup log says which.
    let output = ''
    child = spawn(process.execPath, ['dist/signer.mjs'], {
      cwd: signerRoot,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        DATABASE_URL: databaseUrlFor(`${tmp.dir}/bundle.db`),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    const port = await eventually(() => {
      if (child?.exitCode !== null) throw new Error(`bundle exited: ${output}`)
      // The signer's own line: the merchant console logs a `listen` of its own port too.
      return /"listen":"[^"]*:(\d+)"[^\n]*"msg":"eftpay signer listening"/.exec(output)?.[1]
    }, 15_000)
    const res = await eventually(
      () => fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined),
      15_000,
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', mode: 'sandbox' })
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200)
    expect(output).toContain('SANDBOX MODE')

    const exited = new Promise<number | null>((resolve) =>
      child?.once('exit', (code) => resolve(code)),
    )
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it('refuses to start on a bad configuration, listing every problem', () => {
    let stderr = ''
    try {
      execFileSync(process.execPath, ['dist/signer.mjs'], {
        cwd: signerRoot,
        env: {
          PATH: process.env.PATH ?? '',
          EFTPAY_GATEWAY_URL: 'https://vmp.eftpay.com.cn/VMP',
          PUBLIC_URL: 'http://pay.example.com',
          EFTPAY_SECRET: 'live-secret-xyz',
        },
        stdio: 'pipe',
      })
    } catch (error) {
      const e = error as { status: number; stderr: Buffer }
      expect(e.status).toBe(1)
      stderr = e.stderr.toString()
    }
    for (const name of [
      'EFTPAY_USER_KEY',
      'SIGNER_API_KEY',
      'ALLOWED_ORIGINS',
      'PUBLIC_URL must use https',
    ])
      expect(stderr).toContain(name)
    expect(stderr).not.toContain('live-secret-xyz')
  })
})
