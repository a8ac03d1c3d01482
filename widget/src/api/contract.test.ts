import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  type ApplePayPaymentBodyJson,
  type ApplePayValidateBodyJson,
  type ConfigQueryJson,
  type DeviceJson,
  type ErrorJson,
  type GooglePayPaymentBodyJson,
  type PaymentBodyJson,
  type PaymentJson,
  type PublicSessionJson,
  type ShopperLangJson,
  SIGNER_WALLETS,
  type SignerConfigJson,
  type SkuSessionBodyJson,
} from '../internal/test/signer-contract.js'
import type { Lang } from '../translations/translation.js'
import type {
  Device,
  Payment,
  PublicSession,
  SessionActions,
  SignerConfig,
  SignerError,
  SkuSessionBody,
} from './types.js'
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

/** A body the widget sends to a session action, with the client secret the client adds. */
type Sent<A extends keyof SessionActions> = SessionActions[A]['body'] & { client_secret: string }

// The other direction: every request the widget can send must be one the signer's schema takes,
// and the widget must send no field the signer does not know (its bodies are strict: an unknown
// field is refused with `unknown_field`).
describe('the widget’s requests follow the signer’s schemas', () => {
  it('the device and the language', () => {
    expectTypeOf<Device>().toEqualTypeOf<DeviceJson>()
    expectTypeOf<Lang>().toEqualTypeOf<ShopperLangJson>()
  })
  it('GET /v1/config?os=&mobile=&in_app= (the device as query strings)', () => {
    expectTypeOf<keyof Device>().toEqualTypeOf<keyof ConfigQueryJson>()
    expectTypeOf<`${Device['mobile']}`>().toExtend<ConfigQueryJson['mobile'] & string>()
  })
  it('POST /v1/sessions (a catalog sku)', () => {
    expectTypeOf<SkuSessionBody>().toExtend<SkuSessionBodyJson>()
    expectTypeOf<Unsent<SkuSessionBody, SkuSessionBodyJson>>().toEqualTypeOf<never>()
  })
  it('POST …/payments', () => {
    expectTypeOf<Sent<'payments'>>().toExtend<PaymentBodyJson>()
    expectTypeOf<Unsent<Sent<'payments'>, PaymentBodyJson>>().toEqualTypeOf<never>()
  })
  it('POST …/apple-pay/validate', () => {
    expectTypeOf<Sent<'apple-pay/validate'>>().toExtend<ApplePayValidateBodyJson>()
    expectTypeOf<
      Unsent<Sent<'apple-pay/validate'>, ApplePayValidateBodyJson>
    >().toEqualTypeOf<never>()
  })
  it('POST …/apple-pay/payments', () => {
    expectTypeOf<Sent<'apple-pay/payments'>>().toExtend<ApplePayPaymentBodyJson>()
    expectTypeOf<
      Unsent<Sent<'apple-pay/payments'>, ApplePayPaymentBodyJson>
    >().toEqualTypeOf<never>()
  })
  it('POST …/google-pay/payments', () => {
    expectTypeOf<Sent<'google-pay/payments'>>().toExtend<GooglePayPaymentBodyJson>()
    expectTypeOf<
      Unsent<Sent<'google-pay/payments'>, GooglePayPaymentBodyJson>
    >().toEqualTypeOf<never>()
  })
  it('each payment action answers a payment', () => {
    expectTypeOf<SessionActions['payments']['answer']>().toEqualTypeOf<Payment>()
    expectTypeOf<SessionActions['apple-pay/payments']['answer']>().toEqualTypeOf<Payment>()
    expectTypeOf<SessionActions['google-pay/payments']['answer']>().toEqualTypeOf<Payment>()
  })
})

describe('wallet codes', () => {
  it('are the signer’s list, in the same order', () => {
    expect([...WALLETS]).toEqual([...SIGNER_WALLETS])
    expectTypeOf<WalletCode>().toEqualTypeOf<(typeof SIGNER_WALLETS)[number]>()
  })
})
