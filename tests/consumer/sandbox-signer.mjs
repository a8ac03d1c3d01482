// Starts a signer in sandbox mode as a child process (`node <bin>`, configured only by the
// environment, as a merchant runs it), waits for /healthz, and pays sessions through its sandbox
// the way a shopper would. Shared by the consumer and docs tests.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../scripts/free-port.mjs'

export const SANDBOX_API_KEY = 'sk_sandbox_eftpay_signer_demo_key'

/**
 * @param {{ bin: string, cwd?: string, env?: Record<string, string> }} options
 * @returns {Promise<{ url: string, output: () => string, stop: () => Promise<number | null> }>}
 */
export async function startSandboxSigner({ bin, cwd, env = {} }) {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'eftpay-signer-'))
  const childEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' }
  for (const name of ['ALLOWED_ORIGINS', 'SIGNER_API_KEY', 'EFTPAY_GATEWAY_URL', 'PUBLIC_URL'])
    delete childEnv[name]
  Object.assign(childEnv, { DATABASE_URL: `sqlite:${join(dataDir, 'signer.db')}`, ...env })
  const child = spawn(process.execPath, [bin], {
    cwd,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout.on('data', (chunk) => (text += chunk))
  child.stderr.on('data', (chunk) => (text += chunk))
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    const early = await Promise.race([exited, sleep(200).then(() => 'running')])
    if (early !== 'running') throw new Error(`the signer exited at start (${early}):\n${text}`)
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the signer did not answer /healthz within 30 s:\n${text}`)
    }
  }
  return {
    url,
    output: () => text,
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Pays a session with Alipay HK on the sandbox's hosted pay page; resolves once it is paid. */
export async function payInSandbox(signerUrl, { id, clientSecret }) {
  const started = await fetch(`${signerUrl}/v1/sessions/${id}/payments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_secret: clientSecret,
      wallet: 'ALIPAYHK',
      device: { os: 'others', mobile: false, in_app: 'none' },
    }),
  })
  if (started.status !== 201 && started.status !== 200)
    throw new Error(`starting a payment answered ${started.status}: ${await started.text()}`)
  const merchant = await getSession(signerUrl, id)
  const eftTradeNo = merchant.payments.at(-1)?.eft_trade_no
  if (!eftTradeNo) throw new Error('the payment has no eft_trade_no')
  const paid = await fetch(`${signerUrl}/sandbox/pay/${eftTradeNo}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'outcome=success',
    redirect: 'manual',
  })
  if (paid.status >= 400) throw new Error(`the sandbox pay page answered ${paid.status}`)
  const deadline = Date.now() + 20_000
  for (;;) {
    const session = await getSession(signerUrl, id)
    if (session.status === 'paid') return session
    if (Date.now() > deadline) throw new Error(`session ${id} is still ${session.status}`)
    await sleep(200)
  }
}

export async function getSession(signerUrl, id) {
  const res = await fetch(`${signerUrl}/v1/sessions/${id}`, {
    headers: { Authorization: `Bearer ${SANDBOX_API_KEY}` },
  })
  if (!res.ok) throw new Error(`GET /v1/sessions/${id} answered ${res.status}`)
  return res.json()
}

/** Creates a session from "the merchant's backend". */
export async function createSession(signerUrl, fields = {}) {
  const res = await fetch(`${signerUrl}/v1/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SANDBOX_API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      amount: '42.00',
      currency: 'HKD',
      subject: 'Consumer test',
      success_url: 'http://localhost:3000/thanks',
      cancel_url: 'http://localhost:3000/cart',
      ...fields,
    }),
  })
  if (res.status !== 201)
    throw new Error(`POST /v1/sessions answered ${res.status}: ${await res.text()}`)
  return res.json()
}
