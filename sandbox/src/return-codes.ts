/**
 * The simulator's non-"00" `return_status` codes. eftPay's Appendix 3 was not reachable
 * (docs/protocol.md, "Sandbox return codes"), so these codes are our own; clients must treat any non-"00" as a refusal and
 * never branch on `return_char`. Every code is listed, with its meaning, in sandbox/README.md.
 */
export const RETURN_CODES = {
  /** Request taken. Only this means "accepted" ; it says nothing about money. */
  OK: '00',
  /** `sign` missing or wrong (docs/protocol.md, "Signature"). */
  SIGNATURE: '01',
  /** `user_confirm_key` missing or not a merchant the sandbox knows. */
  UNKNOWN_USER_KEY: '02',
  /** `time` more than the window (default 300 s) away from the sandbox's clock (docs/protocol.md, "Time"). */
  TIME_WINDOW: '03',
  /** A field is missing, unknown, too long or malformed; `return_char` names it. */
  PARAMETER: '04',
  /** `transaction_amount`, `return_amount` or `total_fee` is not a valid amount, or does not match the order. */
  AMOUNT: '05',
  /** `service` is not one the sandbox offers. */
  UNKNOWN_SERVICE: '06',
  /** `out_trade_no` was used before by this merchant. */
  DUPLICATE_OUT_TRADE_NO: '07',
  /** No order with that `eft_trade_no` / `out_trade_no` (the default; a variant may change it). */
  ORDER_NOT_FOUND: '08',
  /** The refund would take more than was paid (sum of earlier refunds included). */
  REFUND_EXCEEDS: '09',
  /** The order is not paid (or was never paid), so it cannot be refunded. */
  ORDER_NOT_REFUNDABLE: '10',
  /** `out_refund_no` was used before for a different refund. */
  DUPLICATE_OUT_REFUND_NO: '11',
  /** No refund with that `refund_no` on the order. */
  REFUND_NOT_FOUND: '12',
  /** The body is not a flat JSON object whose values are all strings (docs/protocol.md, "Transport"). */
  BAD_BODY: '20',
  /** PayMe UAT `.44`: the processor failed and no payment QR code was created (page "Place an Order"). */
  PROCESSOR_NO_QR: '96',
  /** PayMe UAT `.45`: the processor failed and the trade has no state to report (page "Place an Order"). */
  PROCESSOR_NO_STATE: '97',
  /** Anything unexpected inside the sandbox. */
  SYSTEM: '99',
} as const

export type ReturnCode = (typeof RETURN_CODES)[keyof typeof RETURN_CODES]

/** A refusal the servlet turns into a signed `{return_status, return_char, time, sign}` reply. */
export class SandboxRefusal extends Error {
  /** One of RETURN_CODES, or the code the `order_not_found_code` variant names. */
  readonly code: string

  constructor(code: string, message: string) {
    // return_char is String(100) (every reply table): keep the text inside the limit.
    super(message.length > 100 ? `${message.slice(0, 97)}...` : message)
    this.name = 'SandboxRefusal'
    this.code = code
  }
}
