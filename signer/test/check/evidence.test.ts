import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SANDBOX_SECRET } from '@eftpay/sandbox'
import { afterEach, describe, expect, it } from 'vitest'
import { runCheckCli } from '../../src/check/cli.js'
import { runCheck } from '../../src/check/run.js'
import { useSandboxAndReceiver } from '../sandbox/harness.js'
import { GOOGLE_PAY_ENV, liveEnv, spyingFetch } from './fixtures.js'

/**
 * `check --evidence DIR`: one JSON file per request/response pair of the run, an index a merchant
 * can send eftPay as is, and nothing secret in any of it.
 */

const setup = useSandboxAndReceiver()
const dirs: string[] = []
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop() as string, { recursive: true, force: true })
})

async function freshDir() {
  const dir = await mkdtemp(join(tmpdir(), 'eftpay-evidence-'))
  dirs.push(dir)
  return join(dir, 'evidence')
}

const OLD_SECRET = 'an-older-secret-still-accepted'

describe('check --evidence', () => {
  it('writes every exchange of the run, masked, with an index', async () => {
    const { h } = await setup({ clock: () => new Date() })
    // A gateway that echoes the secret in a reply: the evidence must still not hold it.
    await h.faults({
      servlet: 'QRcodeTradeQuery.do',
      count: 1,
      add_fields: { echo: SANDBOX_SECRET },
    })
    const settling: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      const body =
        typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, string>) : {}
      if (body.transaction_amount === '1.81')
        await h.pay(
          ((await response.clone().json()) as { eft_trade_no: string }).eft_trade_no,
          'success',
        )
      return response
    }
    const { sent, spy } = spyingFetch(settling)
    const dir = await freshDir()
    const report = await runCheck({
      env: liveEnv(h.gatewayUrl, {
        EFTPAY_WALLETS: 'PAYME,GOOGLEPAY',
        EFTPAY_SECRET_PREVIOUS: OLD_SECRET,
        ...GOOGLE_PAY_ENV,
      }),
      fetch: spy,
      uat: { waitMs: 5_000, pollMs: 20 },
      evidenceDir: dir,
    })
    expect(report.evidence).toEqual({ dir, files: sent.length })
    const files = (await readdir(dir)).sort()
    const pairs = files.filter((f) => f.endsWith('.json') && f !== 'index.json')
    expect(pairs).toHaveLength(sent.length)
    expect(files).toEqual(expect.arrayContaining(['README.md', 'index.json']))
    const everything = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))
    for (const text of everything) {
      expect(text).not.toContain(SANDBOX_SECRET)
      expect(text).not.toContain(OLD_SECRET)
      for (const body of sent) expect(text).not.toContain(body.sign)
    }
    // One pair per request, in the order sent, each request as sent but masked.
    for (const [i, file] of pairs.entries()) {
      const pair = JSON.parse(everything[files.indexOf(file)] as string)
      const { sign, user_confirm_key, token_id, ...rest } = sent[i] as Record<string, string>
      expect(pair.request).toMatchObject(rest)
      expect(pair.request.sign).toBe(`${sign?.slice(0, 8)}…(masked)`)
      expect(pair.request.user_confirm_key).toBe('SA********01')
      if (token_id) expect(pair.request.token_id).toBe('[redacted: wallet token]')
      expect(pair.response.http_status).toBe(200)
      expect(pair.response.body.return_status).toMatch(/^\d\d$/)
      expect(pair.test_case).toEqual(expect.any(String))
    }
    const echoed = everything.find((t) => t.includes('"echo"'))
    expect(echoed).toContain('"echo": "[redacted]"')
    // The index: every pair, the refunds and their services among them.
    const index = JSON.parse(everything[files.indexOf('index.json')] as string)
    expect(index.exchanges.map((e: { file: string }) => e.file)).toEqual(pairs)
    expect(
      index.exchanges.filter((e: { check: string }) => e.check === 'uat.refund.partial'),
    ).toHaveLength(1)
    const readme = everything[files.indexOf('README.md')] as string
    for (const file of pairs) expect(readme).toContain(`[${file}](${file})`)
    expect(readme).toContain('## Redaction')
    expect(readme).toContain('`sign`: the first 8 of its 64 hex digits')
  })

  it('refuses a directory that is not empty, before sending anything', async () => {
    const dir = await freshDir()
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'earlier.json'), '{}')
    let output = ''
    const code = await runCheckCli(
      ['--evidence', dir],
      { EFTPAY_GATEWAY_URL: 'http://127.0.0.1:9/VMP' },
      (t) => {
        output += t
      },
    )
    expect(code).toBe(2)
    expect(output).toContain('is not empty')
    expect(output).not.toContain('gateway.reachable')
    expect(await readdir(dir)).toEqual(['earlier.json'])
  })
})
