import type { Config } from '../config/index.js'
import type { GatewayClient } from '../gateway/client.js'
import type { PreOrderRequest } from '../gateway/messages.js'
import { DEFAULT_GATEWAY_SETTINGS, refundServiceFor } from '../gateway/settings.js'
import { acceptedStatus, type CallFacts, factsOf, summaryOf } from './reply-facts.js'
import { type CheckRoute, routesToCheck } from './routes.js'
import { checkOrderNumber, type GatewaySession } from './session.js'
import type { CheckLine } from './types.js'

/**
 * One line per route the signer can send (routes.ts): the order as the signer would place it, of
 * HKD 0.01 and never paid, then its query, both through the signer's own client. A token route
 * sends a test token that is no card (so nothing can be charged) and expects it declined.
 */

const AMOUNT = '0.01'
const SUBJECT = 'eftpay-signer check (not to be paid)'

/**
 * Test tokens that cannot be a card: the sandbox declines a token containing DECLINE
 * (sandbox/README.md "Apple Pay"); eftPay cannot decrypt them.
 */
export const TEST_TOKENS = {
  'apple-pay': JSON.stringify({
    version: 'EC_v1',
    data: 'DECLINE: eftpay-signer check test token, not a card',
    signature: '',
    header: {},
  }),
  'google-pay': JSON.stringify({
    protocolVersion: 'ECv2',
    signature: '',
    signedMessage: 'DECLINE: eftpay-signer check test token, not a card',
  }),
} as const

export async function checkRoutes(
  session: GatewaySession,
  config: Config,
  gateway: { usable: boolean; reason: string },
): Promise<CheckLine[]> {
  const lines: CheckLine[] = []
  for (const route of routesToCheck(config)) {
    if (!gateway.usable) {
      lines.push({
        id: route.id,
        status: 'fail',
        message: `${route.wallet}: not tried, ${gateway.reason}; ${refundNote(route, config)}`,
      })
      continue
    }
    lines.push(
      route.kind === 'preorder'
        ? await checkPreOrderRoute(session, config, route)
        : await checkTokenRoute(session, config, route),
    )
  }
  return lines
}

function refundNote({ route }: CheckRoute, config: Config): string {
  const sale = { wallet: route.wallet, pay_scene: route.pay_scene, service: route.refundService }
  const service = refundServiceFor(sale, config.protocol ?? DEFAULT_GATEWAY_SETTINGS)
  return `refund service ${service}${service === route.refundService ? ' (default)' : ' (EFTPAY_REFUND_SERVICES)'}`
}

async function checkPreOrderRoute(
  session: GatewaySession,
  config: Config,
  checkRoute: CheckRoute,
): Promise<CheckLine> {
  const { id, wallet, devices, route } = checkRoute
  const outTradeNo = checkOrderNumber('CHK')
  const sent = `${route.service} (${route.pay_scene})`
  const pre = factsOf(
    await session.call(
      id,
      `PreOrder ${sent} for ${wallet} on ${devices.join(', ')}, HKD ${AMOUNT}`,
      (c) =>
        c.preOrder({
          service: route.service,
          transaction_amount: AMOUNT,
          out_trade_no: outTradeNo,
          payType: route.payType as PreOrderRequest['payType'],
          buyerType: route.buyerType,
          subject: SUBJECT,
          wallet: route.wallet as PreOrderRequest['wallet'],
          pay_scene: route.pay_scene as PreOrderRequest['pay_scene'],
          fee_type: 'HKD',
          notify_url: `${config.publicUrl}/v1/gateway/notify`,
          return_url: `${config.publicUrl}/v1/gateway/return/check`,
          active_time: '300',
          lang: route.lang,
          ...route.extra,
        }),
    ),
    'preorder',
  )
  const query = pre.outcome === 'accepted' ? await queryOrder(session, id, outTradeNo) : undefined
  const status = worst([acceptedStatus(pre), query ? acceptedStatus(query) : 'fail'])
  return {
    id,
    status,
    message: `${wallet} (${devices.join(', ')}): sent ${sent}: ${pre.text}${pre.hint ? ` (${pre.hint})` : ''} | query: ${query?.text ?? 'not sent'} | ${refundNote(checkRoute, config)}`,
    details: {
      service: route.service,
      pay_scene: route.pay_scene,
      devices,
      out_trade_no: outTradeNo,
      preorder: summaryOf(pre),
      ...(query ? { query: summaryOf(query) } : {}),
    },
  }
}

async function checkTokenRoute(
  session: GatewaySession,
  config: Config,
  checkRoute: CheckRoute,
): Promise<CheckLine> {
  const { id, wallet, route, kind } = checkRoute
  const outTradeNo = checkOrderNumber('CHKTOK')
  const pay = factsOf(await placeTokenOrder(session, id, checkRoute, outTradeNo), 'token')
  const tradeStatus = pay.reply?.trade_status
  const declined = tradeStatus === 'TRADE_CLOSED' || tradeStatus === 'TRADE_FAIL'
  let status: CheckLine['status']
  let what: string
  if (pay.outcome === 'accepted' && declined) {
    status = acceptedStatus(pay)
    what = `the test token was declined (${tradeStatus}), as a token that is no card must be`
  } else if (pay.outcome === 'accepted' && tradeStatus === 'TRADE_SUCCESS') {
    status = 'fail'
    what = `the gateway took check's test token as PAID: look up out_trade_no ${outTradeNo} with eftPay`
  } else if (pay.outcome === 'accepted') {
    status = 'warn'
    what = `the test token is ${tradeStatus}, neither declined nor paid`
  } else if (pay.outcome === 'refusal') {
    status = 'warn'
    what = `the gateway refused check's test token: the service answered, but only a real ${wallet === 'APPLEPAY' ? 'Apple Pay' : 'Google Pay'} payment in UAT proves it`
  } else {
    status = 'fail'
    what = 'no usable answer'
  }
  const query = pay.outcome === 'accepted' ? await queryOrder(session, id, outTradeNo) : undefined
  if (query) status = worst([status, acceptedStatus(query)])
  // docs/protocol.md "Apple Pay": where token orders are queried is a reading; --uat proves it.
  if (query && query.outcome !== 'accepted')
    what +=
      '; the query was refused: `check --uat` proves where UAT answers token orders (EFTPAY_TOKEN_QUERY)'
  const google = kind === 'google-pay' ? googleNote(config) : ''
  return {
    id,
    status,
    message: `${wallet}: sent ${route.service} with pay_scene ${pay.reply?.pay_scene ?? sentScene(session, id)}: ${pay.text}${pay.hint ? ` (${pay.hint})` : ''}; ${what} | query: ${query?.text ?? 'not sent'} | ${refundNote(checkRoute, config)}${google}`,
    details: {
      service: route.service,
      out_trade_no: outTradeNo,
      payment: summaryOf(pay),
      ...(query ? { query: summaryOf(query) } : {}),
    },
  }
}

/** A token payment with check's test token; no notification is asked for check's own order. */
export function placeTokenOrder(
  session: GatewaySession,
  step: string,
  { wallet, route, kind }: CheckRoute,
  outTradeNo: string,
) {
  const common = {
    token_id: TEST_TOKENS[kind === 'apple-pay' ? 'apple-pay' : 'google-pay'],
    transaction_amount: AMOUNT,
    out_trade_no: outTradeNo,
    payType: 'Mpgs' as const,
    buyerType: route.buyerType,
    subject: SUBJECT,
    wallet: 'MPGS' as const,
    fee_type: 'HKD' as const,
  }
  return session.call(
    step,
    `${wallet} token payment with check's test token (not a card)`,
    (c: GatewayClient) =>
      kind === 'apple-pay'
        ? c.applePay({ ...common, service: 'service.mpgs.token.ApplePay' })
        : c.googlePay({
            ...common,
            service: 'service.mpgs.token.GooglePay',
            pay_scene: 'TOKEN_GOOGLE_PAY',
          }),
  )
}

async function queryOrder(
  session: GatewaySession,
  step: string,
  outTradeNo: string,
): Promise<CallFacts> {
  return factsOf(
    await session.call(step, `Query of ${outTradeNo}, the order placed above`, (c) =>
      c.query({ querytype: 'OUT_TRADE', out_trade_no: outTradeNo }),
    ),
    'query',
  )
}

function sentScene(session: GatewaySession, step: string): string {
  return session.calls.findLast((c) => c.step === step)?.request.pay_scene ?? '?'
}

function googleNote(config: Config): string {
  const g = config.googlePay
  return `; Google merchant id ${g.merchantId ?? 'unset (TEST only)'}, gateway mpgs merchant ${g.gatewayMerchantId}, networks ${g.cardNetworks.join(',')}`
}

function worst(statuses: CheckLine['status'][]): CheckLine['status'] {
  for (const s of ['fail', 'warn', 'skip'] as const) if (statuses.includes(s)) return s
  return 'pass'
}
