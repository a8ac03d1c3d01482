import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  type ErrorJson,
  type PaymentJson,
  type PublicSessionJson,
  SIGNER_WALLETS,
  type SignerConfigJson,
} from '../internal/test/signer-contract.js'
import type { Payment, PublicSession, SignerConfig, SignerError } from './types.js'
import { WALLETS, type WalletCode } from './wallets.js'

/**
 * The fields the widget declares (`W`) that the signer's answer (`S`) does not have, through nested
 * objects and arrays: `never` when there are none. Assignability alone would let an optional field
 * the signer never sends (or no longer sends) pass unnoticed.
 */
type Unsent<W, S> = W extends readonly (infer WI)[]
  ? S extends readonly (infer SI)[]
    ? Unsent<WI, SI>
    : never
  : W extends object
    ? {
        [K in keyof W & string]-?: K extends keyof S
          ? Unsent<NonNullable<W[K]>, NonNullable<S[K]>>
          : K
      }[keyof W & string]
    : never

// Type-level checks: `pnpm typecheck` (and so `npm test`) fails when a field differs. Each answer
// the signer's schema allows must fit the widget's type, and every field the widget reads must be
// one the signer sends.
describe('the widget’s response types follow the signer’s schemas', () => {
  it('GET /v1/config', () => {
    expectTypeOf<SignerConfigJson>().toExtend<SignerConfig>()
    expectTypeOf<Unsent<SignerConfig, SignerConfigJson>>().toEqualTypeOf<never>()
  })
  it('the public session (GET /v1/sessions/:id, and the sku flow’s POST /v1/sessions)', () => {
    expectTypeOf<PublicSessionJson>().toExtend<PublicSession>()
    expectTypeOf<Unsent<PublicSession, PublicSessionJson>>().toEqualTypeOf<never>()
  })
  it('a payment (POST …/payments, POST …/apple-pay/payments, POST …/google-pay/payments)', () => {
    expectTypeOf<PaymentJson>().toExtend<Payment>()
    expectTypeOf<Unsent<Payment, PaymentJson>>().toEqualTypeOf<never>()
  })
  it('an error', () => {
    expectTypeOf<ErrorJson>().toExtend<SignerError>()
    expectTypeOf<Unsent<SignerError, ErrorJson>>().toEqualTypeOf<never>()
  })
  it('the check itself finds a field the signer does not send, even an optional one', () => {
    expectTypeOf<
      Unsent<{ a: string; b?: { c?: number } }, { a: string; b: object }>
    >().toEqualTypeOf<'c'>()
    expectTypeOf<Unsent<{ a: string; b?: string }, { a: string }>>().toEqualTypeOf<'b'>()
  })
})

describe('wallet codes', () => {
  it('are the signer’s list, in the same order', () => {
    expect([...WALLETS]).toEqual([...SIGNER_WALLETS])
    expectTypeOf<WalletCode>().toEqualTypeOf<(typeof SIGNER_WALLETS)[number]>()
  })
})
