import { formatGatewayDateTime } from './hk-time.js'
import {
  accepted,
  cents,
  type GatewayContext,
  parse,
  type SaleRequest,
  saleOrder,
} from './requests.js'
import { RETURN_CODES, SandboxRefusal } from './return-codes.js'
import type { TokenService } from './services.js'

/** The MPGS token payments on `JSAPIService.do`: Apple Pay and Google Pay (docs/protocol.md). */

type Fields = Record<string, string>

interface TokenRequest extends SaleRequest {
  token_id: string
}

/** docs/protocol.md "Apple Pay": token_id is the JSON of Apple's `paymentData`. */
function parseAppleToken(tokenId: string): { data: string } {
  let token: unknown
  try {
    token = JSON.parse(tokenId)
  } catch {
    throw new SandboxRefusal(
      RETURN_CODES.PARAMETER,
      'token_id must be the JSON of the Apple Pay paymentData',
    )
  }
  const t = token as Record<string, unknown> | null
  const ok =
    typeof t === 'object' &&
    t !== null &&
    typeof t.version === 'string' &&
    typeof t.data === 'string' &&
    typeof t.signature === 'string' &&
    typeof t.header === 'object' &&
    t.header !== null
  if (!ok)
    throw new SandboxRefusal(
      RETURN_CODES.PARAMETER,
      'token_id must have version, data, signature and header',
    )
  return { data: t.data as string }
}

/**
 * A token payment (sandbox/README.md "Apple Pay", "Google Pay"): answered synchronously with the page's
 * reply fields; the same decline and processing rules for both wallets, on the token's card data.
 */
export function tokenPayment(spec: TokenService, fields: Fields, ctx: GatewayContext): Fields {
  const req = parse<TokenRequest>(spec.fields, fields)
  const token = spec.fields === 'apple-pay' ? parseAppleToken(req.token_id) : { data: req.token_id }
  const amountCents = cents(req.transaction_amount, 'transaction_amount')
  // sandbox/README.md: cents .77 or a token (Apple Pay: its data) containing DECLINE are declined (the page's failed reply).
  const declined = amountCents % 100n === 77n || token.data.includes('DECLINE')
  // sandbox/README.md: a token containing PROCESSING is answered TRADE_PROCESSING and stays so
  // until settled on the pay page (then notified), as the processor may answer late.
  const processing = !declined && token.data.includes('PROCESSING')
  const order = ctx.store.create({
    ...saleOrder(req, amountCents),
    activeSeconds: 1800,
    notifies: true,
    showQr: false,
    settled: processing ? undefined : declined ? 'TRADE_CLOSED' : 'TRADE_SUCCESS',
  })
  if (!processing) ctx.notify(order)
  const paid = !declined && !processing
  // Field order and empty values as in the token pages' replies (token_id is not echoed).
  return accepted(ctx, {
    token_id: '',
    user_confirm_key: ctx.userKey,
    trade_no: paid ? (order.tradeNo ?? '') : '',
    transaction_id: paid ? (order.tradeNo ?? '') : '',
    gmt_payment: paid && order.settledAt ? formatGatewayDateTime(order.settledAt) : '',
    trade_type: 'SALE',
    pay_scene: order.payScene,
    out_trade_no: order.outTradeNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    total_fee: order.amount,
    currency: order.currency,
    wallet: order.wallet,
    trade_status: ctx.store.status(order),
    tid: order.tid ?? '',
  })
}
