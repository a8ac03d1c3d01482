import type { Config } from '../config/index.js'
import { parseGatewayTime } from '../gateway/hk-time.js'
import { preOrderRequest, queryRequest } from '../gateway/messages.js'
import { routeApplePay, routeGooglePay, routeWallet } from '../gateway/routing-table.js'
import {
  DEFAULT_GATEWAY_SETTINGS,
  type GatewaySettings,
  refundServiceFor,
} from '../gateway/settings.js'
import { type ProbeResult, type ProbeTarget, probe } from './probe.js'
import type { CheckLine } from './types.js'

/**
 * The checks that talk to the gateway: reachable, clock skew against its `time`, and per enabled
 * wallet one smallest-amount PreOrder (never paid) and its query (docs/protocol.md).
 */

const PREORDER_KNOWN = [
  'pay_apptrade',
  'user_confirm_key',
  'out_trade_no',
  'payType',
  'buyerType',
  'wallet',
  'eft_trade_no',
  'fee_type',
  'transaction_amount',
  'tid',
]
const QUERY_KNOWN = [
  'out_trade_no',
  'refund_no',
  'eft_trade_no',
  'eftpay_trade_no',
  'trade_status',
  'user_confirm_key',
  'trade_type',
  'buyer_id',
  'tid',
  'transaction_id',
  'trade_no',
  'payment_type',
  'trade_time',
  'transaction_amount',
  'currency',
  'original_amount',
  'card_scheme',
  'card_number',
  'gmt_payment',
]
const PHONE = { os: 'ios', mobile: true, in_app: 'none' } as const
/** Clock skew worth a warning, and the sandbox's window (the live one is not published). */
const SKEW_WARN_S = 30
const SKEW_FAIL_S = 300

const VARIANT_TEXT = {
  'as-received': 'signature verified with empty values kept (k=)',
  'empty-dropped': 'signature verified with empty values dropped',
  either: 'signature verified (no empty value in the reply)',
  missing: 'reply NOT signed',
  mismatch: 'reply signature WRONG (check EFTPAY_SECRET)',
} as const

function describe(result: ProbeResult): string {
  switch (result.kind) {
    case 'unreachable':
      return `gateway unreachable (${result.detail})`
    case 'invalid-request':
      return `request refused before sending: ${result.detail}`
    case 'http':
      return `gateway answered HTTP ${result.status}`
    case 'not-json':
      return 'gateway answered something that is not a JSON object'
    case 'reply': {
      const parts = [`return_status ${result.returnStatus || '(none)'} "${result.returnChar}"`]
      parts.push(VARIANT_TEXT[result.signature])
      if (result.unknownFields.length)
        parts.push(`unknown fields: ${result.unknownFields.join(', ')}`)
      if (result.missingFields.length)
        parts.push(`missing fields: ${result.missingFields.join(', ')}`)
      return parts.join('; ')
    }
  }
}

function statusOf(result: ProbeResult, mustBeAccepted: boolean): CheckLine['status'] {
  if (result.kind !== 'reply') return 'fail'
  const signed = result.signature !== 'missing' && result.signature !== 'mismatch'
  if (!signed || result.missingFields.length) return 'fail'
  if (mustBeAccepted && result.returnStatus !== '00') return 'fail'
  return result.unknownFields.length ? 'warn' : 'pass'
}

const summary = (r: ProbeResult) =>
  r.kind === 'reply'
    ? {
        return_status: r.returnStatus,
        return_char: r.returnChar,
        signature: r.signature,
        unknown_fields: r.unknownFields,
        missing_fields: r.missingFields,
        trade_status: r.reply.trade_status,
      }
    : { error: describe(r) }

/** Reachability and clock skew, from a query of an order that does not exist. */
export async function checkGateway(
  target: ProbeTarget,
): Promise<{ lines: CheckLine[]; reachable: boolean }> {
  const outTradeNo = `CHKREACH${Date.now().toString(36)}`.slice(0, 28)
  const result = await probe(target, {
    servlet: 'QRcodeTradeQuery.do',
    schema: queryRequest,
    fields: { querytype: 'OUT_TRADE', out_trade_no: outTradeNo },
    known: QUERY_KNOWN,
    expected: [],
  })
  const reachable = result.kind !== 'unreachable'
  const lines: CheckLine[] = [
    {
      id: 'gateway.reachable',
      status: reachable && result.kind !== 'http' ? 'pass' : 'fail',
      message: reachable
        ? `gateway reachable at ${target.baseUrl}: ${describe(result)}`
        : `${describe(result)} at ${target.baseUrl}`,
      details: summary(result),
    },
  ]
  const time =
    result.kind === 'reply' && typeof result.reply.time === 'string' ? result.reply.time : undefined
  const theirs = time ? parseGatewayTime(time) : undefined
  if (!theirs) {
    lines.push({
      id: 'gateway.clock',
      status: 'fail',
      message: 'clock skew unknown: the gateway sent no valid time',
    })
  } else {
    const skew = Math.round((target.clock().getTime() - theirs.getTime()) / 1000)
    const size = Math.abs(skew)
    lines.push({
      id: 'gateway.clock',
      status: size > SKEW_FAIL_S ? 'fail' : size > SKEW_WARN_S ? 'warn' : 'pass',
      message: `clock skew ${skew >= 0 ? '+' : ''}${skew} s against the gateway's time (Hong Kong time)`,
      details: { skew_seconds: skew },
    })
  }
  return { lines, reachable }
}

/** Per enabled wallet: one PreOrder of HKD 0.01 (never paid) and its query; the refund service. */
export async function checkWallets(
  target: ProbeTarget,
  config: Config,
  reachable: boolean,
): Promise<CheckLine[]> {
  const settings = config.protocol ?? DEFAULT_GATEWAY_SETTINGS
  const lines: CheckLine[] = []
  let n = 0
  for (const wallet of config.wallets) {
    const route = routeWallet(wallet, PHONE)
    const refund = refundServiceFor(
      { wallet, pay_scene: route.pay_scene, service: route.refundService },
      settings,
    )
    const refundNote = `refund service ${refund}${settings.refundServices[wallet] ? ' (EFTPAY_REFUND_SERVICES)' : ' (default)'}`
    if (!reachable) {
      lines.push({
        id: `wallet.${wallet}`,
        status: 'fail',
        message: `${wallet}: not tried, the gateway is unreachable; ${refundNote}`,
      })
      continue
    }
    n += 1
    const outTradeNo = `CHK${Date.now().toString(36)}${n}`.slice(0, 28)
    const pre = await probe(target, {
      servlet: 'JSAPIService.do',
      schema: preOrderRequest,
      fields: {
        service: route.service,
        transaction_amount: '0.01',
        out_trade_no: outTradeNo,
        payType: route.payType,
        buyerType: route.buyerType,
        subject: 'eftpay-signer check (not to be paid)',
        wallet: route.wallet,
        pay_scene: route.pay_scene,
        fee_type: 'HKD',
        notify_url: `${config.publicUrl}/v1/gateway/notify`,
        active_time: '300',
        ...route.extra,
      },
      known: PREORDER_KNOWN,
      expected: ['pay_apptrade', 'eft_trade_no', 'out_trade_no', 'time', 'sign'],
    })
    const query = await probe(target, {
      servlet: 'QRcodeTradeQuery.do',
      schema: queryRequest,
      fields: { querytype: 'OUT_TRADE', out_trade_no: outTradeNo },
      known: QUERY_KNOWN,
      expected: ['out_trade_no', 'trade_status', 'time', 'sign'],
    })
    const statuses = [statusOf(pre, true), statusOf(query, true)]
    const status = statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass'
    lines.push({
      id: `wallet.${wallet}`,
      status,
      message: `${wallet}: sent ${route.service} (${route.pay_scene}): ${describe(pre)} | query: ${describe(query)} | ${refundNote}`,
      details: {
        service: route.service,
        pay_scene: route.pay_scene,
        out_trade_no: outTradeNo,
        preorder: summary(pre),
        query: summary(query),
        refund_service: refund,
      },
    })
  }
  for (const token of tokenWallets(config, settings)) {
    const refund = refundServiceFor(
      { wallet: 'MPGS', pay_scene: token.payScene, service: token.route.refundService },
      settings,
    )
    lines.push({
      id: `wallet.${token.code}`,
      status: 'pass',
      message: `${token.code}: not placed (a token payment needs a shopper's ${token.name} token); would send ${token.route.service} with pay_scene ${token.payScene}; refund service ${refund}${token.note}`,
      details: {
        service: token.route.service,
        pay_scene: token.payScene,
        refund_service: refund,
        ...token.details,
      },
    })
  }
  return lines
}

/**
 * The token wallets enabled: what can be checked without a shopper (the service, scene and refund
 * service that would be sent, Google Pay's merchant settings) and what cannot (a payment: eftPay
 * only takes a token a real wallet made).
 */
function tokenWallets(config: Config, settings: GatewaySettings) {
  const wallets = []
  if (config.applePay.enabled)
    wallets.push({
      code: 'APPLEPAY',
      name: 'Apple Pay',
      route: routeApplePay(PHONE),
      payScene: settings.applePayScene as string,
      note: '',
      details: {},
    })
  const g = config.googlePay
  if (g.enabled)
    wallets.push({
      code: 'GOOGLEPAY',
      name: 'Google Pay',
      route: routeGooglePay(PHONE),
      payScene: 'TOKEN_GOOGLE_PAY',
      note: `; Google merchant id ${g.merchantId ?? 'unset (TEST only)'}, gateway mpgs merchant ${g.gatewayMerchantId}, networks ${g.cardNetworks.join(',')}`,
      details: {
        google_merchant_id: g.merchantId ?? null,
        gateway_merchant_id: g.gatewayMerchantId,
        card_networks: [...g.cardNetworks],
        auth_methods: [...g.authMethods],
      },
    })
  return wallets
}
