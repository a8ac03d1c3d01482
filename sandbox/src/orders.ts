import { randomInt } from 'node:crypto'
import type { Clock } from './hk-time.js'
import { formatGatewayTime } from './hk-time.js'
import { RETURN_CODES, SandboxRefusal } from './return-codes.js'

/**
 * The sandbox's in-memory orders and their state machine (docs/protocol.md, "Refund", "trade_status"):
 * `TRADE_PROCESSING` → `TRADE_SUCCESS` | `TRADE_FAIL` | `TRADE_CLOSED`. Expiry after `active_time`
 * is computed lazily from the injected clock on every read, so no timer is needed and tests move
 * time by moving the clock. PayMe UAT amounts (docs/protocol.md, "PreOrder") and the Apple Pay rule
 * are decided here; sandbox/README.md documents them.
 */

export type SaleStatus = 'TRADE_PROCESSING' | 'TRADE_SUCCESS' | 'TRADE_FAIL' | 'TRADE_CLOSED'
export type RefundTradeStatus = 'TRADE_PROCESSING' | 'TRADE_REFUND' | 'TRADE_CLOSED' | 'TRADE_FAIL'
export type Outcome = 'success' | 'fail' | 'cancel'

/** PayMe UAT behaviour picked by the amount's two decimals (page "Place an Order", transaction_amount table). */
export type PaymeRule = 'success' | 'timeout' | 'fail' | 'no-qr' | 'no-state'

const PAYME_RULES: Readonly<Record<string, PaymeRule>> = {
  '81': 'success',
  '80': 'timeout',
  '77': 'fail',
  '44': 'no-qr',
  '45': 'no-state',
}

/** The PayMe UAT rule for an amount, or undefined for an ordinary amount. */
export function paymeRule(cents: bigint): PaymeRule | undefined {
  return PAYME_RULES[centsDigits(cents)]
}

export interface SandboxRefund {
  outRefundNo: string
  amountCents: bigint
  /** The amount as the merchant sent it. */
  amount: string
  reason?: string
  createdAt: Date
  completesAt: Date
  /** Refunds whose cents are `.77` end in TRADE_FAIL (sandbox/README.md). */
  fails: boolean
}

export interface NewOrder {
  outTradeNo: string
  service: string
  payType: string
  wallet: string
  buyerType: string
  payScene: string
  amount: string
  amountCents: bigint
  currency: string
  subject: string
  body?: string
  tid?: string
  notifyUrl?: string
  returnUrl?: string
  lang?: string
  activeSeconds: number
  notifies: boolean
  /** Shown as a QR code of itself on the pay page (phone-paid wallet on a desktop). */
  showQr: boolean
  /** Token payments are settled at creation. */
  settled?: 'TRADE_SUCCESS' | 'TRADE_CLOSED'
  /**
   * Placed through the merchant-presented QR scene (qr-scene.ts): queried only by that scene's
   * query services, notified with that scene's fields.
   */
  scene?: 'qrcode'
}

export interface SandboxOrder extends NewOrder {
  eftTradeNo: string
  createdAt: Date
  expiresAt: Date
  /** The stored state; read it through `OrderStore.status()`, which applies expiry. */
  state: SaleStatus
  settledAt?: Date
  /** Processor references (`trade_no`, `transaction_id`), set when paid. */
  tradeNo?: string
  payme?: PaymeRule
  refunds: SandboxRefund[]
  /** The QR scene's `qr_code` (qr-codes.ts), shown on the pay page for a second device to scan. */
  qrCode?: string
}

/** The in-memory order book of one sandbox. */
export class OrderStore {
  private readonly byEft = new Map<string, SandboxOrder>()
  private readonly byOut = new Map<string, SandboxOrder>()
  private readonly refundOwners = new Map<string, SandboxOrder>()
  private sequence = 0

  constructor(
    private readonly clock: Clock,
    private readonly refundDelayMs = 0,
  ) {}

  /** Creates an order; a used `out_trade_no` is refused (unique per merchant). */
  create(input: NewOrder): SandboxOrder {
    if (this.byOut.has(input.outTradeNo)) {
      throw new SandboxRefusal(
        RETURN_CODES.DUPLICATE_OUT_TRADE_NO,
        `out_trade_no ${input.outTradeNo} was already used`,
      )
    }
    const now = this.clock()
    const order: SandboxOrder = {
      ...input,
      eftTradeNo: this.nextTradeNo(now),
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.activeSeconds * 1000),
      state: input.settled ?? 'TRADE_PROCESSING',
      payme: input.wallet === 'PAYME' ? paymeRule(input.amountCents) : undefined,
      refunds: [],
    }
    if (input.settled) this.settleAt(order, input.settled, now)
    this.byEft.set(order.eftTradeNo, order)
    this.byOut.set(order.outTradeNo, order)
    return order
  }

  /** Looks an order up; `eft_trade_no` wins when both are given (docs/protocol.md, "Query"), and they must agree. */
  find(ref: { eftTradeNo?: string; outTradeNo?: string }): SandboxOrder | undefined {
    if (ref.eftTradeNo !== undefined) {
      const order = this.byEft.get(ref.eftTradeNo)
      if (order && ref.outTradeNo !== undefined && order.outTradeNo !== ref.outTradeNo)
        return undefined
      return order
    }
    return ref.outTradeNo === undefined ? undefined : this.byOut.get(ref.outTradeNo)
  }

  get(eftTradeNo: string): SandboxOrder | undefined {
    return this.byEft.get(eftTradeNo)
  }

  /** The order's state now: an unpaid order past `active_time` is `TRADE_CLOSED` (docs/protocol.md, "trade_status"). */
  status(order: SandboxOrder): SaleStatus {
    if (order.state === 'TRADE_PROCESSING' && this.clock().getTime() >= order.expiresAt.getTime()) {
      order.state = 'TRADE_CLOSED'
    }
    return order.state
  }

  /**
   * Applies the shopper's choice on the pay page. Returns the new state, or undefined when the
   * order is no longer waiting (already settled or expired). PayMe UAT amounts force the outcome:
   * `.81` succeeds and `.77` fails whatever was pressed, `.80` (timeout) and `.45` (no state) stay
   * processing until expiry.
   */
  settle(order: SandboxOrder, outcome: Outcome): SaleStatus | undefined {
    if (this.status(order) !== 'TRADE_PROCESSING') return undefined
    const forced = this.forcedOutcome(order)
    if (forced === 'stay') return 'TRADE_PROCESSING'
    const target: SaleStatus = {
      success: 'TRADE_SUCCESS',
      fail: 'TRADE_FAIL',
      cancel: 'TRADE_CLOSED',
    }[forced ?? outcome] as SaleStatus
    this.settleAt(order, target, this.clock())
    return target
  }

  /** What a PayMe UAT amount does to any button: an outcome, `stay` (no change), or undefined (the button decides). */
  forcedOutcome(order: SandboxOrder): Outcome | 'stay' | undefined {
    switch (order.payme) {
      case 'success':
        return 'success'
      case 'fail':
        return 'fail'
      case 'timeout':
      case 'no-state':
        return 'stay'
      default:
        return undefined
    }
  }

  /** Whether a PayMe `.45` order currently has "no state" to report (query answers a server error). */
  hasNoState(order: SandboxOrder): boolean {
    return order.payme === 'no-state' && this.status(order) === 'TRADE_PROCESSING'
  }

  private settleAt(order: SandboxOrder, state: SaleStatus, now: Date): void {
    order.state = state
    order.settledAt = now
    if (state === 'TRADE_SUCCESS')
      order.tradeNo = `SBX${formatGatewayTime(now)}${String(randomInt(1e6)).padStart(6, '0')}`
  }

  /** The refund with this `out_refund_no` (any order), and the order it belongs to. */
  findRefund(outRefundNo: string): { order: SandboxOrder; refund: SandboxRefund } | undefined {
    const order = this.refundOwners.get(outRefundNo)
    const refund = order?.refunds.find((r) => r.outRefundNo === outRefundNo)
    return order && refund ? { order, refund } : undefined
  }

  /** Cents refunded or being refunded (failed refunds excluded). */
  refundedCents(order: SandboxOrder): bigint {
    return order.refunds.filter((r) => !r.fails).reduce((sum, r) => sum + r.amountCents, 0n)
  }

  /** Starts a refund: the order must be paid and the total refunded may not exceed what was paid. */
  refund(
    order: SandboxOrder,
    input: { outRefundNo: string; amount: string; amountCents: bigint; reason?: string },
  ): SandboxRefund {
    if (this.status(order) !== 'TRADE_SUCCESS') {
      throw new SandboxRefusal(
        RETURN_CODES.ORDER_NOT_REFUNDABLE,
        `order ${order.outTradeNo} is not paid`,
      )
    }
    const fails = centsDigits(input.amountCents) === '77'
    if (this.refundedCents(order) + input.amountCents > order.amountCents) {
      throw new SandboxRefusal(
        RETURN_CODES.REFUND_EXCEEDS,
        'refund exceeds the amount paid less earlier refunds',
      )
    }
    const now = this.clock()
    const refund: SandboxRefund = {
      ...input,
      createdAt: now,
      completesAt: new Date(now.getTime() + this.refundDelayMs),
      fails,
    }
    order.refunds.push(refund)
    this.refundOwners.set(refund.outRefundNo, order)
    return refund
  }

  /**
   * A refund's `trade_status` (docs/protocol.md, "Refund"): `TRADE_PROCESSING` until its completion delay has passed,
   * then `TRADE_CLOSED` if it (with the refunds before it) returned the whole order, else
   * `TRADE_REFUND`; `TRADE_FAIL` for a failing refund.
   */
  refundStatus(order: SandboxOrder, refund: SandboxRefund): RefundTradeStatus {
    if (this.clock().getTime() < refund.completesAt.getTime()) return 'TRADE_PROCESSING'
    if (refund.fails) return 'TRADE_FAIL'
    let upTo = 0n
    for (const r of order.refunds) {
      if (!r.fails) upTo += r.amountCents
      if (r === refund) break
    }
    return upTo >= order.amountCents ? 'TRADE_CLOSED' : 'TRADE_REFUND'
  }

  /** eftPay order numbers are String(28); ours: "852" + HK time + sequence + random, 27 digits. */
  /**
   * An eftPay order number of the Apple Pay page's shape: 31 characters, digits then letters and
   * digits (`8520000212700003682237ecgjtb181`), longer than its table's String(28), so a client
   * that caps eftPay's numbers fails here as it would live (docs/protocol.md, "Identifiers").
   */
  private nextTradeNo(now: Date): string {
    this.sequence = (this.sequence + 1) % 1_000_000
    const seq = String(this.sequence).padStart(6, '0')
    const letters = Array.from({ length: 6 }, () => 'abcdefghijklmnopqrstuvwxyz'[randomInt(26)])
    const tail = String(randomInt(1000)).padStart(3, '0')
    return `852${formatGatewayTime(now)}${seq}${letters.join('')}${tail}`.slice(0, 31)
  }
}

/** The two decimal digits of an amount (81n → "81"): the PayMe UAT and Apple Pay rules key on them. */
function centsDigits(cents: bigint): string {
  return (cents % 100n).toString().padStart(2, '0')
}
