import { GatewayError } from '../../gateway/gateway-error.js'
import type { RefundRequest } from '../../gateway/messages.js'
import {
  type GatewaySettings,
  type RefundTotalFee,
  refundServiceFor,
} from '../../gateway/settings.js'
import { type CallFacts, factsOf } from '../reply-facts.js'
import { checkOrderNumber, type GatewaySession } from '../session.js'
import type { CheckLine, SettingFinding } from '../types.js'
import type { PaidSale } from './uat-sale.js'
import { askUntil, type WaitOptions } from './wait.js'

/**
 * The paid sale refunded in two parts, each through the signer's client with a reading of the two
 * open refund questions (docs/protocol.md "Refund"): the refund service name, and what a partial
 * refund's `total_fee` carries. A reading UAT refuses moved no money (a refusal means "not
 * taken"), so the next one is tried with the same `out_refund_no`; any other answer (a timeout, a
 * reply that does not verify) leaves the refund's outcome unknown and stops, since another try
 * could refund twice. The rest is refunded with the other `total_fee` reading first, so an
 * answer to both readings proves which one UAT checks.
 */

export const UAT_REFUNDS = { partial: '0.50', rest: '1.31' } as const
const COMMON_REFUND = 'service.common.Refund'
const OTHER_FEE: Record<RefundTotalFee, RefundTotalFee> = {
  'sale-total': 'refund-amount',
  'refund-amount': 'sale-total',
}
const FINAL = ['TRADE_REFUND', 'TRADE_CLOSED', 'TRADE_FAIL']

interface Reading {
  service: string
  totalFee: RefundTotalFee
}

interface Attempt {
  reading: Reading
  facts: CallFacts
}

interface RefundTry {
  accepted?: Attempt
  refused: Attempt[]
  /** An answer that leaves the outcome unknown: nothing more is tried. */
  unknown?: Attempt
  outRefundNo: string
}

const readingText = (r: Reading) => `${r.service} with total_fee as ${r.totalFee}`
const refusalsText = (refused: Attempt[]) =>
  refused
    .map((a) => `${readingText(a.reading)}: ${a.facts.returnStatus} "${a.facts.returnChar ?? ''}"`)
    .join('; ')

async function refundTrying(
  session: GatewaySession,
  step: string,
  sale: PaidSale,
  amount: string,
  readings: Reading[],
): Promise<RefundTry> {
  const outRefundNo = checkOrderNumber('CHKREF')
  const refused: Attempt[] = []
  const settings = session.target.settings
  for (const reading of readings) {
    const fields: Omit<RefundRequest, 'user_confirm_key' | 'time'> = {
      service: sale.route.refundService,
      return_amount: amount,
      total_fee: sale.amount,
      out_trade_no: sale.outTradeNo,
      eft_trade_no: sale.eftTradeNo,
      out_refund_no: outRefundNo,
      payType: sale.route.payType as RefundRequest['payType'],
      buyerType: sale.route.buyerType,
      wallet: 'PAYME',
      reason: 'eftpay-signer check --uat',
      pay_scene: sale.route.pay_scene as RefundRequest['pay_scene'],
    }
    const totalFee = reading.totalFee === 'refund-amount' ? amount : sale.amount
    const result = await session.call(
      step,
      `Refund of HKD ${amount} (${outRefundNo}) of ${sale.outTradeNo} with ${reading.service}, total_fee ${totalFee} (${reading.totalFee})`,
      (c) => c.refund(fields),
      {
        refundServices: { ...settings.refundServices, PAYME: reading.service },
        refundTotalFee: reading.totalFee,
      },
    )
    const attempt = { reading, facts: factsOf(result, 'refund') }
    if (!result.error) return { accepted: attempt, refused, outRefundNo }
    const kind = result.error instanceof GatewayError ? result.error.kind : 'unknown'
    if (kind !== 'rejected') return { refused, unknown: attempt, outRefundNo }
    refused.push(attempt)
  }
  return { refused, outRefundNo }
}

/** Asks for the refund until it is final; returns what was answered. */
async function followRefund(
  session: GatewaySession,
  sale: PaidSale,
  outRefundNo: string,
  wait: WaitOptions,
): Promise<CallFacts> {
  const { answer } = await askUntil(
    async () =>
      factsOf(
        await session.call(
          'uat.refund.query',
          `Query of the refund ${outRefundNo} of ${sale.outTradeNo}`,
          (c) =>
            c.query({
              querytype: 'OUT_TRADE',
              out_trade_no: sale.outTradeNo,
              refund_no: outRefundNo,
            }),
          sale.query,
        ),
        'query',
      ),
    (facts) => facts.outcome !== 'accepted' || FINAL.includes(String(facts.reply?.trade_status)),
    wait,
  )
  return answer
}

function refundLine(id: string, what: string, tried: RefundTry): CheckLine {
  const details = { out_refund_no: tried.outRefundNo }
  const before = tried.refused.length ? ` after UAT refused ${refusalsText(tried.refused)}` : ''
  if (tried.accepted)
    return {
      id,
      status: 'pass',
      message: `${what} taken with ${readingText(tried.accepted.reading)}${before}`,
      details,
    }
  if (tried.unknown)
    return {
      id,
      status: 'fail',
      message: `${what}: the outcome is unknown (${tried.unknown.facts.text}) with ${readingText(tried.unknown.reading)}${before}; nothing more was tried, so nothing is refunded twice: look up refund ${tried.outRefundNo} with eftPay`,
      details,
    }
  return {
    id,
    status: 'skip',
    message: `${what}: UAT refused every reading (${refusalsText(tried.refused)}): nothing guessed, ask eftPay`,
    details,
  }
}

export async function proveRefunds(
  session: GatewaySession,
  sale: PaidSale,
  wait: WaitOptions,
): Promise<{ lines: CheckLine[]; findings: SettingFinding[] }> {
  const settings = session.target.settings
  const inUse: Reading = {
    service: refundServiceFor(
      { wallet: 'PAYME', pay_scene: sale.route.pay_scene, service: sale.route.refundService },
      settings,
    ),
    totalFee: settings.refundTotalFee,
  }
  const otherService = inUse.service === COMMON_REFUND ? sale.route.refundService : COMMON_REFUND
  const lines: CheckLine[] = []
  const findings: SettingFinding[] = []

  const partial = await refundTrying(session, 'uat.refund.partial', sale, UAT_REFUNDS.partial, [
    inUse,
    { ...inUse, totalFee: OTHER_FEE[inUse.totalFee] },
    { service: otherService, totalFee: inUse.totalFee },
    { service: otherService, totalFee: OTHER_FEE[inUse.totalFee] },
  ])
  lines.push(
    refundLine(
      'uat.refund.partial',
      `partial refund of HKD ${UAT_REFUNDS.partial} of ${sale.amount}`,
      partial,
    ),
  )
  if (!partial.accepted) return { lines, findings }
  const found = partial.accepted.reading
  const serviceFinding = refundServiceFinding(session, found.service, inUse.service, sale)
  findings.push(serviceFinding)
  lines.push({
    id: 'uat.refund.service',
    status: serviceFinding.inUse ? 'pass' : 'fail',
    message: serviceFinding.inUse
      ? `PayMe refunds are taken with ${found.service}, the service in use: confirmed`
      : `PayMe refunds are taken with ${found.service}, not ${inUse.service} (refused: ${refusalsText(partial.refused.filter((a) => a.reading.service === inUse.service))}): set EFTPAY_REFUND_SERVICES=${serviceFinding.value}`,
  })
  const partialQuery = await followRefund(session, sale, partial.outRefundNo, wait)

  const rest = await refundTrying(session, 'uat.refund.rest', sale, UAT_REFUNDS.rest, [
    { ...found, totalFee: OTHER_FEE[found.totalFee] },
    found,
  ])
  lines.push(refundLine('uat.refund.rest', `refund of the rest, HKD ${UAT_REFUNDS.rest}`, rest))
  lines.push(totalFeeLine(findings, settings, found, rest))
  const restQuery = rest.accepted
    ? await followRefund(session, sale, rest.outRefundNo, wait)
    : undefined
  lines.push(refundQueryLine(partialQuery, restQuery))
  return { lines, findings }
}

function refundServiceFinding(
  session: GatewaySession,
  found: string,
  inUse: string,
  sale: PaidSale,
): SettingFinding {
  const configured = session.target.settings.refundServices
  const value = Object.entries({ ...configured, PAYME: found })
    .map(([wallet, service]) => `${wallet}=${service}`)
    .join(',')
  return {
    variable: 'EFTPAY_REFUND_SERVICES',
    value,
    inUse: found === inUse,
    current: configured.PAYME
      ? `PAYME=${configured.PAYME}`
      : `unset, so PayMe uses ${sale.route.refundService}`,
    line: 'uat.refund.service',
  }
}

/**
 * What the two refunds prove of `total_fee`: the rest taken only with the partial's reading proves
 * UAT checks it; the rest taken with the other reading too shows UAT does not check it.
 */
function totalFeeLine(
  findings: SettingFinding[],
  settings: GatewaySettings,
  found: Reading,
  rest: RefundTry,
): CheckLine {
  const id = 'uat.refund.total-fee'
  const current = settings.refundTotalFee
  const finding = (value: RefundTotalFee) =>
    findings.push({
      variable: 'EFTPAY_REFUND_TOTAL_FEE',
      value,
      inUse: value === current,
      current,
      line: id,
    })
  if (rest.accepted && rest.accepted.reading.totalFee !== found.totalFee) {
    finding(current)
    return {
      id,
      status: 'pass',
      message: `UAT took total_fee as ${found.totalFee} on the partial refund and as ${rest.accepted.reading.totalFee} on the rest: it does not check total_fee; ${current} (in use) is fine`,
    }
  }
  if (rest.accepted) {
    finding(found.totalFee)
    const proved = `UAT refused total_fee as ${OTHER_FEE[found.totalFee]} (${refusalsText(rest.refused)}) and took it as ${found.totalFee}`
    return found.totalFee === current
      ? { id, status: 'pass', message: `${proved}: ${current} (in use) confirmed` }
      : { id, status: 'fail', message: `${proved}: set EFTPAY_REFUND_TOTAL_FEE=${found.totalFee}` }
  }
  return {
    id,
    status: 'skip',
    message: `not proved: the partial refund was taken with total_fee as ${found.totalFee}, but the rest was not taken (see uat.refund.rest); nothing guessed`,
  }
}

/** docs/protocol.md "Refund": a partial refund ends TRADE_REFUND, the one completing it TRADE_CLOSED. */
function refundQueryLine(partial: CallFacts, rest: CallFacts | undefined): CheckLine {
  const got = (f: CallFacts | undefined) =>
    f === undefined
      ? 'not asked'
      : f.outcome === 'accepted'
        ? String(f.reply?.trade_status)
        : f.text
  const partialOk = partial.outcome === 'accepted' && partial.reply?.trade_status === 'TRADE_REFUND'
  const restOk = rest?.outcome === 'accepted' && rest.reply?.trade_status === 'TRADE_CLOSED'
  const answered =
    partial.outcome === 'accepted' && (rest === undefined || rest.outcome === 'accepted')
  return {
    id: 'uat.refund.query',
    status: partialOk && restOk ? 'pass' : answered ? 'warn' : 'fail',
    message: `refund queries answered: partial ${got(partial)} (expected TRADE_REFUND), rest ${got(rest)} (expected TRADE_CLOSED)`,
  }
}
