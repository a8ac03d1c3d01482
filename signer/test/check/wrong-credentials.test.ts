import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCheckCli } from '../../src/check/cli.js'
import { liveEnv } from './fixtures.js'

/**
 * Wrong credentials, shown the way docs/deploy.md says: the sandbox run alone (`pnpm --dir
 * sandbox start`, here its entry through tsx as that script does) and check pointed at it with
 * EFTPAY_GATEWAY_URL. The built-in sandbox cannot show them (it takes the signer's own).
 */

const sandboxDir = fileURLToPath(new URL('../../../sandbox/', import.meta.url))
let child: ChildProcess | undefined
let gatewayUrl = ''

beforeAll(async () => {
  // Its own documented credentials: none passed down.
  const { EFTPAY_USER_KEY: _key, EFTPAY_SECRET: _secret, ...env } = process.env
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: sandboxDir,
    env: { ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout?.setEncoding('utf8')
  for await (const chunk of child.stdout as AsyncIterable<string>) {
    out += chunk
    const started = /"gateway":"([^"]+)"/.exec(out)
    if (started?.[1]) {
      gatewayUrl = started[1]
      break
    }
  }
}, 30_000)

afterAll(async () => {
  if (!child || child.exitCode !== null) return
  child.kill('SIGTERM')
  await once(child, 'exit')
})

async function check(env: Record<string, string>) {
  let output = ''
  const code = await runCheckCli([], env, (text) => {
    output += text
  })
  return { code, output }
}

describe('check against a sandbox run alone', () => {
  it('passes with the sandbox credentials', async () => {
    const { code, output } = await check(liveEnv(gatewayUrl, { EFTPAY_WALLETS: 'OCT' }))
    expect(output).toMatch(/^PASS {2}gateway\.reachable/m)
    expect(output).toMatch(/^PASS {2}gateway\.credentials/m)
    expect(code, output).toBe(0)
  })

  it('shows a wrong EFTPAY_SECRET as FAIL with the hint "check EFTPAY_SECRET"', async () => {
    const { code, output } = await check(
      liveEnv(gatewayUrl, { EFTPAY_WALLETS: 'OCT', EFTPAY_SECRET: 'not-the-sandbox-secret' }),
    )
    expect(code).toBe(1)
    expect(output).toMatch(/^FAIL {2}gateway\.reachable .*check EFTPAY_SECRET/m)
    expect(output).toMatch(/^FAIL {2}gateway\.credentials .*check EFTPAY_SECRET/m)
    expect(output).toMatch(/^FAIL {2}wallet\.OCT\.desktop .*not tried/m)
    expect(output).not.toContain('not-the-sandbox-secret')
    expect(output).not.toContain(SANDBOX_SECRET)
  })

  it('shows a wrong EFTPAY_USER_KEY as FAIL with the hint "check EFTPAY_USER_KEY"', async () => {
    expect(SANDBOX_USER_KEY).not.toBe('WRONGKEY0001')
    const { code, output } = await check(
      liveEnv(gatewayUrl, { EFTPAY_WALLETS: 'OCT', EFTPAY_USER_KEY: 'WRONGKEY0001' }),
    )
    expect(code).toBe(1)
    // The sandbox's refusal of an unknown key (02) is signed, so the gateway is reachable.
    expect(output).toMatch(/^PASS {2}gateway\.reachable .*return_status 02/m)
    expect(output).toMatch(/^FAIL {2}gateway\.credentials .*check EFTPAY_USER_KEY/m)
    expect(output).toMatch(/^FAIL {2}wallet\.OCT\.desktop .*not tried/m)
  })
})
