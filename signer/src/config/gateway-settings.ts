import type { GatewaySettings } from '../gateway/settings.js'
import { placeFields, readValues } from './load.js'
import type { Mode } from './variable.js'

/**
 * The gateway protocol settings alone (the table's `protocol.` rows, docs/protocol.md "Settings"),
 * for code and tests that build a gateway client without a whole environment. The values are taken
 * as given (not trimmed); problems are pushed to `problems`, each naming its variable.
 */

/** The raw variables (undefined when unset). */
export interface GatewaySettingsInput {
  /** `EFTPAY_REFUND_SERVICES`: `WALLET=service` pairs, comma separated. */
  refundServices?: string
  /** `EFTPAY_APPLE_PAY_SCENE`. */
  applePayScene?: string
  /** `EFTPAY_ORDER_NOT_FOUND_STATUS`: return_status codes, comma separated. */
  orderNotFoundStatus?: string
  /** `EFTPAY_REFUND_NOT_FOUND_STATUS`: return_status codes, comma separated. */
  refundNotFoundStatus?: string
  /** `EFTPAY_PLATFORM`: `vmp` (unset) or `oapm`. */
  platform?: string
}

export function parseGatewaySettings(
  input: GatewaySettingsInput,
  mode: Mode,
  problems: string[],
): GatewaySettings {
  const read = readValues(
    {
      EFTPAY_REFUND_SERVICES: input.refundServices,
      EFTPAY_APPLE_PAY_SCENE: input.applePayScene,
      EFTPAY_ORDER_NOT_FOUND_STATUS: input.orderNotFoundStatus,
      EFTPAY_REFUND_NOT_FOUND_STATUS: input.refundNotFoundStatus,
      EFTPAY_PLATFORM: input.platform,
    },
    {
      mode,
      readFile: () => {
        throw new Error('no file is read for the gateway settings')
      },
    },
  )
  problems.push(...read.problems)
  return placeFields(read.values).protocol
}
