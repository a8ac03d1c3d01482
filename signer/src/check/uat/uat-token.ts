import type { Config } from '../../config/index.js'
import type { GatewaySettings, TokenQuery } from '../../gateway/settings.js'
import { factsOf } from '../reply-facts.js'
import { placeTokenOrder } from '../route-checks.js'
import { routesToCheck } from '../routes.js'
import { checkOrderNumber, type GatewaySession } from '../session.js'
import type { CheckLine, SettingFinding } from '../types.js'

/**
 * Where UAT answers token orders (docs/protocol.md "Apple Pay": `QRcodeTradeQuery.do`, or
 * `service.common.Query` as a public eftPay client sends): a token payment with check's test
 * token (declined, so nothing is charged; the order exists all the same), then its query on
 * `QRcodeTradeQuery.do` alone, and on `service.common.Query` if that refuses.
 */

const ID = 'uat.query.token'

export async function proveTokenQuery(
  session: GatewaySession,
  config: Config,
): Promise<{ line: CheckLine; finding?: SettingFinding }> {
  const token = routesToCheck(config).find((r) => r.kind !== 'preorder')
  if (!token)
    return {
      line: {
        id: ID,
        status: 'skip',
        message:
          'no token wallet (APPLEPAY, GOOGLEPAY) is enabled: EFTPAY_TOKEN_QUERY does not matter',
      },
    }
  const outTradeNo = checkOrderNumber('CHKUATTOK')
  const pay = factsOf(await placeTokenOrder(session, ID, token, outTradeNo), 'token')
  if (pay.outcome !== 'accepted')
    return {
      line: {
        id: ID,
        status: 'skip',
        message: `UAT took no ${token.wallet} payment with check's test token (${pay.text}): a token order is needed to prove EFTPAY_TOKEN_QUERY; prove it with a real ${token.wallet} payment in UAT. Nothing guessed`,
      },
    }
  const current = session.target.settings.tokenQuery
  const ask = (tokenQuery: TokenQuery) =>
    session.call(
      ID,
      `Query of the ${token.wallet} order ${outTradeNo} with EFTPAY_TOKEN_QUERY=${tokenQuery}`,
      (c) => c.query({ querytype: 'OUT_TRADE', out_trade_no: outTradeNo }),
      { tokenQuery } satisfies Partial<GatewaySettings>,
    )
  const direct = factsOf(await ask('QRcodeTradeQuery.do'), 'query')
  const found = (value: TokenQuery, status: CheckLine['status'], message: string) => ({
    line: { id: ID, status, message },
    finding: { variable: 'EFTPAY_TOKEN_QUERY', value, inUse: value === current, current, line: ID },
  })
  if (direct.outcome === 'accepted')
    return found(
      'QRcodeTradeQuery.do',
      current === 'QRcodeTradeQuery.do' ? 'pass' : 'warn',
      `QRcodeTradeQuery.do answers ${token.wallet} orders (${direct.text})${current === 'QRcodeTradeQuery.do' ? ': confirmed' : `: EFTPAY_TOKEN_QUERY=${current} still works (it asks there first), QRcodeTradeQuery.do is enough`}`,
    )
  const common = await ask('service.common.Query')
  const answeredThere = common.calls.at(-1)?.servlet === 'JSAPIService.do'
  const commonFacts = factsOf(common, 'query')
  if (commonFacts.outcome === 'accepted' && answeredThere)
    return found(
      'service.common.Query',
      current === 'service.common.Query' ? 'pass' : 'fail',
      `QRcodeTradeQuery.do refused the ${token.wallet} order (${direct.text}); service.common.Query answered it (${commonFacts.text})${current === 'service.common.Query' ? ': confirmed' : ': set EFTPAY_TOKEN_QUERY=service.common.Query'}`,
    )
  return {
    line: {
      id: ID,
      status: 'skip',
      message: `neither transport answered the ${token.wallet} order (QRcodeTradeQuery.do: ${direct.text}; service.common.Query: ${commonFacts.text}): nothing guessed`,
    },
  }
}
