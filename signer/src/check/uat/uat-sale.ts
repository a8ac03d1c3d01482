import type { PreOrderRequest } from '../../gateway/messages.js'
import { type Route, routeWallet } from '../../gateway/routing-table.js'
import type { GatewaySettings } from '../../gateway/settings.js'
import { type CallFacts, factsOf, summaryOf } from '../reply-facts.js'
import { checkOrderNumber, type GatewaySession } from '../session.js'
import type { CheckLine, SettingFinding } from '../types.js'
import { askUntil, type WaitOptions } from './wait.js'

/**
 * The paid order `check --uat` refunds: a PayMe PreOrder of HKD 1.81, which eftPay's UAT pays by
 * itself (page "Place an Order": `.81` succeeds, `.77` fails, `.80` times out;
 * docs/protocol.md "PreOrder"), asked by query until it is paid. Its queries prove which
 * transport answers web orders.
 */

export const UAT_SALE_AMOUNT = '1.81'
const FINAL = ['TRADE_SUCCESS', 'TRADE_FAIL', 'TRADE_CLOSED']

export interface PaidSale {
  outTradeNo: string
  eftTradeNo: string
  amount: string
  route: Route
  /** The settings that made the query answer (the web-order query transport). */
  query: Partial<GatewaySettings>
}

export interface SaleStep {
  lines: CheckLine[]
  findings: SettingFinding[]
  /** Set once the order is paid. */
  paid?: PaidSale
  /** True when a query of an order that exists was answered: its shape is right. */
  queryAnswered: boolean
  /** The settings that made that query answer. */
  query: Partial<GatewaySettings>
}

/** A query of the sale, with the configured settings or with service.common.Query as fallback. */
async function querySale(
  session: GatewaySession,
  outTradeNo: string,
  settings: Partial<GatewaySettings>,
): Promise<{ facts: CallFacts; servlet?: string }> {
  const result = await session.call(
    'uat.query.web',
    `Query of the PayMe order ${outTradeNo}`,
    (c) => c.query({ querytype: 'OUT_TRADE', out_trade_no: outTradeNo }),
    settings,
  )
  return { facts: factsOf(result, 'query'), servlet: result.calls.at(-1)?.servlet }
}

export async function placePaidSale(
  session: GatewaySession,
  wait: WaitOptions,
  progress: (text: string) => void,
): Promise<SaleStep> {
  const route = routeWallet('PAYME', { os: 'others', mobile: false, in_app: 'none' })
  const outTradeNo = checkOrderNumber('CHKUAT')
  const placed = await session.call(
    'uat.payme',
    `PayMe PreOrder ${route.service} (${route.pay_scene}), HKD ${UAT_SALE_AMOUNT} (UAT: .81 succeeds)`,
    (c) =>
      c.preOrder({
        service: route.service,
        transaction_amount: UAT_SALE_AMOUNT,
        out_trade_no: outTradeNo,
        payType: route.payType as PreOrderRequest['payType'],
        buyerType: route.buyerType,
        subject: 'eftpay-signer check --uat (UAT only)',
        wallet: 'PAYME',
        pay_scene: route.pay_scene as PreOrderRequest['pay_scene'],
        fee_type: 'HKD',
        active_time: String(Math.max(600, Math.ceil(wait.waitMs / 60_000) * 60 + 300)),
      }),
  )
  const pre = factsOf(placed, 'preorder')
  if (pre.outcome !== 'accepted' || !placed.value)
    return {
      lines: [
        {
          id: 'uat.payme',
          status: 'skip',
          message: `UAT did not take the PayMe order (${pre.text}); the refund steps are skipped, nothing guessed`,
          details: { out_trade_no: outTradeNo, preorder: summaryOf(pre) },
        },
      ],
      findings: [],
      queryAnswered: false,
      query: {},
    }
  const eftTradeNo = placed.value.eft_trade_no
  progress(
    `check --uat: PayMe order ${outTradeNo} (HKD ${UAT_SALE_AMOUNT}) placed; asking for up to ${Math.round(wait.waitMs / 1000)} s until UAT pays it. If UAT needs the PayMe page opened, open ${placed.value.pay_apptrade}`,
  )
  // The transport that answers web orders: the configured one, else service.common.Query.
  let query: Partial<GatewaySettings> = {}
  let first = await querySale(session, outTradeNo, query)
  const findings: SettingFinding[] = []
  const lines: CheckLine[] = []
  if (
    first.facts.outcome !== 'accepted' &&
    session.target.settings.tokenQuery !== 'service.common.Query'
  ) {
    const common = await querySale(session, outTradeNo, { tokenQuery: 'service.common.Query' })
    if (common.facts.outcome === 'accepted') {
      query = { tokenQuery: 'service.common.Query' }
      findings.push({
        variable: 'EFTPAY_TOKEN_QUERY',
        value: 'service.common.Query',
        inUse: false,
        current: session.target.settings.tokenQuery,
        line: 'uat.query.web',
      })
      lines.push({
        id: 'uat.query.web',
        status: 'fail',
        message: `QRcodeTradeQuery.do refused the PayMe order (${first.facts.text}); service.common.Query answered it: set EFTPAY_TOKEN_QUERY=service.common.Query (the client then asks there whatever QRcodeTradeQuery.do refuses)`,
      })
    }
    first = common
  }
  if (first.facts.outcome !== 'accepted') {
    lines.push({
      id: 'uat.query.web',
      status: 'skip',
      message: `no transport answered the query of the PayMe order (${first.facts.text}); nothing guessed`,
    })
    return { lines, findings, queryAnswered: false, query }
  }
  if (lines.length === 0)
    lines.push({
      id: 'uat.query.web',
      status: first.facts.unknownFields.length ? 'warn' : 'pass',
      message: `web orders: ${first.servlet === 'JSAPIService.do' ? 'service.common.Query (EFTPAY_TOKEN_QUERY)' : 'QRcodeTradeQuery.do'} answered the query of the PayMe order (${first.facts.text})`,
    })
  // The first answer is already in; each later one is a new query.
  let pending: typeof first | undefined = first
  const asked = await askUntil(
    async () => {
      const answer = pending ?? (await querySale(session, outTradeNo, query))
      pending = undefined
      return answer
    },
    (answer) => FINAL.includes(String(answer.facts.reply?.trade_status)),
    wait,
  )
  const status = String(asked.answer.facts.reply?.trade_status ?? asked.answer.facts.text)
  const details = { out_trade_no: outTradeNo, eft_trade_no: eftTradeNo, trade_status: status }
  if (status !== 'TRADE_SUCCESS') {
    lines.unshift({
      id: 'uat.payme',
      status: 'skip',
      message: asked.settled
        ? `UAT answered ${status} for a .81 PayMe order, where the page says .81 succeeds: the refund steps are skipped, nothing guessed`
        : `UAT did not pay the .81 PayMe order within ${Math.round(asked.waitedMs / 1000)} s (last answer ${status}); it may need the PayMe page opened (--uat-wait gives it longer): the refund steps are skipped, nothing guessed`,
      details,
    })
    return { lines, findings, queryAnswered: true, query }
  }
  lines.unshift({
    id: 'uat.payme',
    status: 'pass',
    message: `PayMe order ${outTradeNo} of HKD ${UAT_SALE_AMOUNT} paid (TRADE_SUCCESS) after ${Math.round(asked.waitedMs / 1000)} s, as the page says of .81`,
    details,
  })
  return {
    lines,
    findings,
    queryAnswered: true,
    query,
    paid: { outTradeNo, eftTradeNo, amount: UAT_SALE_AMOUNT, route, query },
  }
}
