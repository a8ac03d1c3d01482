import { z } from 'zod'
import type { AcceptedSignatures } from './wire.js'

/**
 * The sandbox's answers to the protocol questions eftPay's pages leave open (docs/protocol.md), as
 * switches: by default it plays what docs/protocol.md assumes; each variant plays another answer
 * eftPay might give, so a client (and a later `check --uat`) can be tested against it. Set them
 * with the `variants` option, `SANDBOX_VARIANTS` (main.ts) or `POST /variants`; documented in
 * sandbox/README.md, "Variants". Unlike faults they last until changed.
 */

export const variantsInput = z.strictObject({
  /** Take a request `sign` in uppercase hex too (docs/protocol.md "Signature": lowercase). */
  accept_uppercase_sign: z.boolean().optional(),
  /** Which reading of empty request values the `sign` must use: `dropped` (default), `kept`, `either`. */
  request_empty_values: z.enum(['dropped', 'kept', 'either']).optional(),
  /**
   * `per-product` (default): the refund services of docs/protocol.md "Refund", assumed names
   * included. `common`: `service.common.Refund` refunds every product, and the assumed names are
   * unknown services (`06`); the names the pages document still work.
   */
  refund_service: z.enum(['per-product', 'common']).optional(),
  /**
   * Where token orders (Apple Pay, Google Pay) are queried: `QRcodeTradeQuery.do` (default,
   * docs/protocol.md "Apple Pay") or `service.common.Query` on `JSAPIService.do`, in which case
   * `QRcodeTradeQuery.do` does not know them (no such order).
   */
  token_query: z.enum(['QRcodeTradeQuery.do', 'service.common.Query']).optional(),
  /**
   * What a refund's `total_fee` must be: `sale-total` (default, the Refund pages' "original order
   * total") or `refund-amount` (this refund's `return_amount`).
   */
  refund_total_fee: z.enum(['sale-total', 'refund-amount']).optional(),
  /** The `return_status` of "no such order" (default `08`, docs/protocol.md "Order does not exist"). */
  order_not_found_code: z
    .string()
    .regex(/^\d{2}$/, 'must be two digits')
    .refine((code) => code !== '00', { message: 'must not be 00 (accepted)' })
    .optional(),
})
export type VariantsInput = z.infer<typeof variantsInput>
export type Variants = Required<VariantsInput>

export const DEFAULT_VARIANTS: Readonly<Variants> = {
  accept_uppercase_sign: false,
  request_empty_values: 'dropped',
  refund_service: 'per-product',
  token_query: 'QRcodeTradeQuery.do',
  refund_total_fee: 'sale-total',
  order_not_found_code: '08',
}

/** The variants of one sandbox: those it was started with, changed at run time by the admin route. */
export class VariantBook {
  private current: Variants

  constructor(private readonly initial: Variants) {
    this.current = { ...initial }
  }

  get(): Readonly<Variants> {
    return this.current
  }

  /** Applies a `POST /variants` body (only the fields it names). */
  set(input: VariantsInput): Readonly<Variants> {
    this.current = { ...this.current, ...withoutUndefined(input) }
    return this.current
  }

  /** Back to what the sandbox was started with (`DELETE /variants`). */
  reset(): Readonly<Variants> {
    this.current = { ...this.initial }
    return this.current
  }
}

/** The variants of `DEFAULT_VARIANTS` replaced by those given (a partial set, from options or env). */
export function variantsFrom(input: VariantsInput = {}): Variants {
  return { ...DEFAULT_VARIANTS, ...withoutUndefined(variantsInput.parse(input)) }
}

/** The request signatures the current variants accept. */
export function acceptedSignatures(variants: Readonly<Variants>): AcceptedSignatures {
  return {
    uppercaseHex: variants.accept_uppercase_sign,
    emptyValues: variants.request_empty_values,
  }
}

function withoutUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>
}
