import { GatewayError } from '../../gateway/gateway-error.js'
import type { GatewaySettings } from '../../gateway/settings.js'
import { factsOf } from '../reply-facts.js'
import { checkOrderNumber, type GatewaySession } from '../session.js'
import type { CheckLine, SettingFinding } from '../types.js'

/**
 * The answer to a query for an order that was never placed (docs/protocol.md "Order does not
 * exist"): sent in the shape a query of an existing order was just answered in, so its refusal
 * can only be about the order. Its signed `return_status` becomes EFTPAY_ORDER_NOT_FOUND_STATUS.
 */

const ID = 'uat.order-not-found'

export async function findOrderNotFoundStatus(
  session: GatewaySession,
  query: Partial<GatewaySettings>,
  queryAnswered: boolean,
): Promise<{ line: CheckLine; finding?: SettingFinding }> {
  const configured = session.target.settings.orderNotFoundStatuses
  const current = configured.length
    ? configured.join(',')
    : '(unset: no status means no such order)'
  if (!queryAnswered)
    return {
      line: {
        id: ID,
        status: 'skip',
        message:
          'not asked: no query of an existing order was answered in this run, so a refusal could not be read as "no such order"',
      },
    }
  const outTradeNo = checkOrderNumber('CHKNONE')
  const result = await session.call(
    ID,
    `Query of an order that was never placed (${outTradeNo})`,
    (c) => c.query({ querytype: 'OUT_TRADE', out_trade_no: outTradeNo }),
    query,
  )
  const facts = factsOf(result, 'query')
  const details = { out_trade_no: outTradeNo, return_status: facts.returnStatus }
  const error = result.error instanceof GatewayError ? result.error : undefined
  const code = facts.returnStatus
  if (error?.kind === 'order-not-found' && code)
    return {
      line: {
        id: ID,
        status: 'pass',
        message: `an order never placed is answered ${code} ("${facts.returnChar ?? ''}"), the status in EFTPAY_ORDER_NOT_FOUND_STATUS: confirmed`,
        details,
      },
      finding: {
        variable: 'EFTPAY_ORDER_NOT_FOUND_STATUS',
        value: code,
        inUse: true,
        current,
        line: ID,
      },
    }
  if (error?.kind !== 'rejected' || !facts.verified || !code)
    return {
      line: {
        id: ID,
        status: 'skip',
        message: `UAT's answer to an order never placed is no signed refusal (${facts.text}): no status to suggest, nothing guessed`,
        details,
      },
    }
  // Unset is safe (a refusal then stays a refusal); a configured code UAT does not use is not.
  return {
    line: {
      id: ID,
      status: configured.length ? 'fail' : 'warn',
      message: `an order never placed is answered ${code} ("${facts.returnChar ?? ''}", signature verified); EFTPAY_ORDER_NOT_FOUND_STATUS is ${current}: set EFTPAY_ORDER_NOT_FOUND_STATUS=${code}`,
      details,
    },
    finding: {
      variable: 'EFTPAY_ORDER_NOT_FOUND_STATUS',
      value: code,
      inUse: false,
      current,
      line: ID,
    },
  }
}
