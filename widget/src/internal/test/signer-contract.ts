/**
 * The signer's own request and response schemas and wallet list, for tests that tie the widget to
 * them: the widget's request and response types (`api/types.ts`) and wallet codes
 * (`api/wallets.ts`) are checked against these in `api/contract.test.ts`, and every answer of the
 * fake signer is parsed with them, so neither the widget nor its fake can drift from the signer.
 */

import type {
  applePayPaymentBody,
  applePayValidateBody,
  browserSessionBody,
  configQuery,
  googlePayPaymentBody,
  paymentBody,
} from '../../../../signer/src/contract/requests.js'
import {
  widgetConfig as configJson,
  apiError as errorJson,
  payment as paymentJson,
  publicSession as publicSessionJson,
} from '../../../../signer/src/contract/responses.js'
import {
  type device,
  type shopperLang,
  WALLETS,
} from '../../../../signer/src/contract/vocabulary.js'

export { WALLETS as SIGNER_WALLETS }

/** What a zod schema gives after parsing (`z.output`, without importing zod into the widget). */
type Output<T extends { _zod: { output: unknown } }> = T['_zod']['output']

/** What the signer answers, as the widget sees it. */
export type SignerConfigJson = Output<typeof configJson>
export type PublicSessionJson = Output<typeof publicSessionJson>
export type PaymentJson = Output<typeof paymentJson>
export type ErrorJson = Output<typeof errorJson>

/** What a zod schema takes before parsing (`z.input`): what a client may send. */
type Input<T extends { _zod: { input: unknown } }> = T['_zod']['input']

/** What the signer takes, as the widget sends it. */
export type DeviceJson = Input<typeof device>
export type ShopperLangJson = Input<typeof shopperLang>
export type ConfigQueryJson = Input<typeof configQuery>
export type SkuSessionBodyJson = Input<typeof browserSessionBody>
export type PaymentBodyJson = Input<typeof paymentBody>
export type ApplePayValidateBodyJson = Input<typeof applePayValidateBody>
export type ApplePayPaymentBodyJson = Input<typeof applePayPaymentBody>
export type GooglePayPaymentBodyJson = Input<typeof googlePayPaymentBody>

/** The part of a zod schema used here. */
interface Schema {
  safeParse(
    value: unknown,
  ):
    | { success: true }
    | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } }
}

/**
 * The schema of the answer to a browser route (`METHOD /path` as sent), or undefined for the one
 * answer the signer passes through as is (Apple's merchant session).
 */
function schemaOf(route: string, status: number): Schema | undefined {
  if (status >= 400) return errorJson
  if (route === 'GET /v1/config') return configJson
  if (/^(POST \/v1\/sessions|GET \/v1\/sessions\/[^/]+)$/.test(route)) return publicSessionJson
  if (
    /^POST \/v1\/sessions\/[^/]+\/(payments|apple-pay\/payments|google-pay\/payments)$/.test(route)
  )
    return paymentJson
  if (/^POST \/v1\/sessions\/[^/]+\/apple-pay\/validate$/.test(route)) return undefined
  throw new Error(`No signer schema for ${route}`)
}

/** Why an answer to `route` is not what the real signer could send, or undefined when it is. */
export function contractViolation(
  route: string,
  status: number,
  body: unknown,
): string | undefined {
  const result = schemaOf(route, status)?.safeParse(body)
  if (!result || result.success) return undefined
  const issues = result.error.issues.map(
    (i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`,
  )
  return `${route} ${status} is not what the signer sends: ${issues.join('; ')}`
}
