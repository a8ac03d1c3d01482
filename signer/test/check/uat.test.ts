import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { VariantsInput } from '@eftpay/sandbox'
import { afterEach, describe, expect, it } from 'vitest'
import { formatReport, runCheckCli } from '../../src/check/cli.js'
import { runCheck } from '../../src/check/run.js'
import type { CheckReport } from '../../src/check/types.js'
import { type SandboxHarness, useSandboxAndReceiver } from '../sandbox/harness.js'
import { GOOGLE_PAY_ENV, liveEnv, spyingFetch } from './fixtures.js'

/**
 * `check --uat` against the sandbox standing in for eftPay's UAT, with each of the sandbox's
 * variants (sandbox/README.md "Variants"): it must find the answer each variant plays and print
 * the setting to match; with the defaults it confirms the defaults. UAT pays a `.81` PayMe order
 * by itself; the sandbox waits for a press on its pay page, so the test presses it (`settle`) as
 * soon as the order is placed.
 */

const setup = useSandboxAndReceiver()
const now = () => new Date()

interface Run {
  /** Whether the .81 PayMe order is settled (pressed) once placed; else nobody pays it. */
  settle?: boolean
  /** A fault to install once the order is placed (before anything asks for it). */
  afterPlaced?: unknown
  /** A fault to install once the order is paid (for the refund that follows). */
  afterPaid?: unknown
  env?: Record<string, string>
  waitMs?: number
}

async function uatRun(h: SandboxHarness, run: Run = {}) {
  const settling = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init)
    const body =
      typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, string>) : {}
    if (body.wallet === 'PAYME' && body.transaction_amount === '1.81') {
      const reply = (await response.clone().json()) as Record<string, string>
      if (reply.eft_trade_no && run.afterPlaced) await h.faults(run.afterPlaced)
      if (reply.eft_trade_no && run.settle) {
        await h.pay(reply.eft_trade_no, 'success')
        if (run.afterPaid) await h.faults(run.afterPaid)
      }
    }
    return response
  }
  const { sent, spy } = spyingFetch(settling)
  const report = await runCheck({
    env: liveEnv(h.gatewayUrl, {
      EFTPAY_WALLETS: 'PAYME,GOOGLEPAY',
      ...GOOGLE_PAY_ENV,
      ...run.env,
    }),
    fetch: spy,
    uat: { waitMs: run.waitMs ?? 5_000, pollMs: 20 },
  })
  return { report, sent, text: formatReport(report) }
}

async function sandboxWith(variants: VariantsInput = {}) {
  const { h } = await setup({ clock: now, variants })
  return h
}

const finding = (report: CheckReport, variable: string) =>
  report.settings?.find((s) => s.variable === variable)
const line = (report: CheckReport, id: string) => report.lines.find((l) => l.id === id)
const refundsSent = (sent: Record<string, string>[]) => sent.filter((b) => b.return_amount)

describe('check --uat against the sandbox', () => {
  it('with the defaults, confirms the defaults, and refunds the paid order in two parts', async () => {
    const h = await sandboxWith()
    const { report, sent, text } = await uatRun(h, {
      settle: true,
      env: { EFTPAY_ORDER_NOT_FOUND_STATUS: '08' },
    })
    expect(report.ok, text).toBe(true)
    expect(report.settings).toEqual([
      expect.objectContaining({
        variable: 'EFTPAY_ORDER_NOT_FOUND_STATUS',
        value: '08',
        inUse: true,
      }),
      expect.objectContaining({
        variable: 'EFTPAY_REFUND_SERVICES',
        value: 'PAYME=service.payme.web.Refund',
        inUse: true,
      }),
      expect.objectContaining({
        variable: 'EFTPAY_REFUND_TOTAL_FEE',
        value: 'sale-total',
        inUse: true,
      }),
      expect.objectContaining({
        variable: 'EFTPAY_TOKEN_QUERY',
        value: 'QRcodeTradeQuery.do',
        inUse: true,
      }),
    ])
    expect(text).toMatch(/EFTPAY_REFUND_TOTAL_FEE=sale-total +confirmed \(in use\)/)
    expect(text).not.toContain('SET THIS')
    // The partial refund and the rest, the rest tried with the other total_fee reading first.
    expect(refundsSent(sent).map((b) => [b.service, b.return_amount, b.total_fee])).toEqual([
      ['service.payme.web.Refund', '0.50', '1.81'],
      ['service.payme.web.Refund', '1.31', '1.31'],
      ['service.payme.web.Refund', '1.31', '1.81'],
    ])
    const sale = line(report, 'uat.payme')?.details?.eft_trade_no as string
    const order = (await h.order(sale)) as { refunds: Array<{ amount: string }> }
    expect(order.refunds.map((r) => r.amount)).toEqual(['0.50', '1.31'])
    expect(line(report, 'uat.refund.query')?.message).toBe(
      'refund queries answered: partial TRADE_REFUND (expected TRADE_REFUND), rest TRADE_CLOSED (expected TRADE_CLOSED)',
    )
  })

  it('finds service.common.Refund (refund_service=common) and prints the setting', async () => {
    const { report, sent, text } = await uatRun(await sandboxWith({ refund_service: 'common' }), {
      settle: true,
    })
    expect(finding(report, 'EFTPAY_REFUND_SERVICES')).toMatchObject({
      value: 'PAYME=service.common.Refund',
      inUse: false,
    })
    expect(text).toMatch(/^ {2}EFTPAY_REFUND_SERVICES=PAYME=service\.common\.Refund +SET THIS/m)
    expect(line(report, 'uat.refund.service')).toMatchObject({ status: 'fail' })
    expect(finding(report, 'EFTPAY_REFUND_TOTAL_FEE')).toMatchObject({
      value: 'sale-total',
      inUse: true,
    })
    expect(refundsSent(sent).map((b) => b.service)).toEqual([
      'service.payme.web.Refund',
      'service.payme.web.Refund',
      'service.common.Refund',
      'service.common.Refund',
      'service.common.Refund',
    ])
    expect(report.ok).toBe(false)
  })

  it('finds total_fee as the refund amount (refund_total_fee=refund-amount)', async () => {
    const { report, text } = await uatRun(
      await sandboxWith({ refund_total_fee: 'refund-amount' }),
      {
        settle: true,
      },
    )
    expect(finding(report, 'EFTPAY_REFUND_TOTAL_FEE')).toMatchObject({
      value: 'refund-amount',
      inUse: false,
    })
    expect(text).toMatch(
      /^ {2}EFTPAY_REFUND_TOTAL_FEE=refund-amount +SET THIS \(now: sale-total\)/m,
    )
    expect(finding(report, 'EFTPAY_REFUND_SERVICES')).toMatchObject({ inUse: true })
  })

  it('finds token orders on service.common.Query (token_query=service.common.Query)', async () => {
    const { report, text } = await uatRun(
      await sandboxWith({ token_query: 'service.common.Query' }),
      { settle: true },
    )
    expect(finding(report, 'EFTPAY_TOKEN_QUERY')).toMatchObject({
      value: 'service.common.Query',
      inUse: false,
    })
    expect(text).toMatch(/^ {2}EFTPAY_TOKEN_QUERY=service\.common\.Query +SET THIS/m)
    // Web orders still answer on QRcodeTradeQuery.do.
    expect(line(report, 'uat.query.web')).toMatchObject({ status: 'pass' })
  })

  it('finds another "no such order" code (order_not_found_code=14)', async () => {
    const h = await sandboxWith({ order_not_found_code: '14' })
    const unset = await uatRun(h, { settle: true })
    expect(finding(unset.report, 'EFTPAY_ORDER_NOT_FOUND_STATUS')).toMatchObject({
      value: '14',
      inUse: false,
    })
    expect(line(unset.report, 'uat.order-not-found')).toMatchObject({ status: 'warn' })
    expect(unset.text).toMatch(/^ {2}EFTPAY_ORDER_NOT_FOUND_STATUS=14 +SET THIS/m)
    // A configured code UAT does not use is a failure: the signer would misread refusals.
    const wrong = await uatRun(h, {
      settle: true,
      env: { EFTPAY_ORDER_NOT_FOUND_STATUS: '08' },
    })
    expect(line(wrong.report, 'uat.order-not-found')).toMatchObject({ status: 'fail' })
    expect(wrong.report.ok).toBe(false)
  })

  it('says so and skips the refunds when UAT does not pay the .81 order', async () => {
    const { report } = await uatRun(await sandboxWith(), { waitMs: 300 })
    expect(line(report, 'uat.payme')).toMatchObject({ status: 'skip' })
    expect(line(report, 'uat.payme')?.message).toContain('did not pay the .81 PayMe order')
    expect(line(report, 'uat.refund')).toMatchObject({ status: 'skip' })
    expect(finding(report, 'EFTPAY_REFUND_SERVICES')).toBeUndefined()
    // The query of the unpaid order was answered, so "no such order" is still proved.
    expect(finding(report, 'EFTPAY_ORDER_NOT_FOUND_STATUS')).toMatchObject({ value: '08' })
  })

  it('says so when UAT answers a .81 order otherwise than the page says', async () => {
    // UAT's query says TRADE_FAIL (a signed answer) where the page says .81 succeeds.
    const { report, sent } = await uatRun(await sandboxWith(), {
      afterPlaced: {
        servlet: 'QRcodeTradeQuery.do',
        count: 1,
        add_fields: { trade_status: 'TRADE_FAIL' },
      },
    })
    expect(line(report, 'uat.payme')?.message).toContain(
      'UAT answered TRADE_FAIL for a .81 PayMe order, where the page says .81 succeeds',
    )
    expect(refundsSent(sent)).toEqual([])
  })

  it('stops at a refund whose outcome is unknown: no second reading, nothing refunded twice', async () => {
    const { report, sent } = await uatRun(await sandboxWith({ refund_service: 'common' }), {
      settle: true,
      afterPaid: { servlet: 'JSAPIService.do', count: 1, http_status: 503 },
    })
    expect(refundsSent(sent)).toHaveLength(1)
    expect(line(report, 'uat.refund.partial')).toMatchObject({ status: 'fail' })
    expect(line(report, 'uat.refund.partial')?.message).toContain('the outcome is unknown')
    expect(finding(report, 'EFTPAY_REFUND_SERVICES')).toBeUndefined()
  })
})

describe('check --uat asks first', () => {
  let counter: Server | undefined
  afterEach(() => {
    counter?.closeAllConnections()
    counter?.close()
  })

  /** A gateway address that counts what reaches it. */
  async function countingGateway() {
    const seen = { requests: 0 }
    counter = createServer((_req, res) => {
      seen.requests++
      res.end('{}')
    })
    await new Promise<void>((resolve) => counter?.listen(0, '127.0.0.1', resolve))
    return { url: `http://127.0.0.1:${(counter.address() as AddressInfo).port}/VMP`, seen }
  }

  async function cli(argv: string[], env: Record<string, string>, answer?: string) {
    let output = ''
    const asked: string[] = []
    const code = await runCheckCli(argv, env, {
      write: (text) => {
        output += text
      },
      progress: () => {},
      interactive: answer !== undefined,
      ask: async (question) => {
        asked.push(question)
        return answer ?? ''
      },
    })
    return { code, output, asked }
  }

  it('refuses without a terminal and without --yes, sending nothing', async () => {
    const { url, seen } = await countingGateway()
    const { code, output } = await cli(['--uat'], liveEnv(url))
    expect(code).toBe(2)
    expect(output).toContain('check --uat places REAL orders at')
    expect(output).toContain('Pass --yes')
    expect(seen.requests).toBe(0)
  })

  it('asks on a terminal; anything but yes sends nothing', async () => {
    const { url, seen } = await countingGateway()
    const { code, output, asked } = await cli(['--uat'], liveEnv(url), 'n')
    expect(asked[0]).toMatch(/REAL orders[\s\S]*Place these orders\? \[y\/N\]/)
    expect(code).toBe(2)
    expect(output).toContain('Nothing was sent')
    expect(seen.requests).toBe(0)
  })

  it('runs once confirmed (yes on the terminal, or --yes)', async () => {
    const h = await sandboxWith()
    for (const [argv, answer] of [
      [['--uat', '--uat-wait', '1'], 'y'],
      [['--uat', '--yes', '--uat-wait', '1'], undefined],
    ] as const) {
      const { output } = await cli(
        [...argv],
        liveEnv(h.gatewayUrl, { EFTPAY_WALLETS: 'PAYME' }),
        answer,
      )
      expect(output).toMatch(/^SKIP {2}uat\.payme .*did not pay the \.81 PayMe order/m)
      expect(output).toContain('settings proved against UAT (check --uat):')
    }
  })

  it('needs EFTPAY_GATEWAY_URL (UAT), and --yes only goes with --uat', async () => {
    expect((await cli(['--uat', '--yes'], {})).output).toContain('needs EFTPAY_GATEWAY_URL')
    expect((await cli(['--yes'], {})).code).toBe(2)
    expect((await cli(['--uat-wait', 'soon', '--uat'], {})).output).toContain(
      '--uat-wait must be a whole number of seconds',
    )
  })
})
