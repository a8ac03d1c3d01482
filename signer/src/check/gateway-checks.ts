import type { Config } from '../config/index.js'
import { parseGatewayTime } from '../gateway/hk-time.js'
import { type CallFacts, factsOf, summaryOf } from './reply-facts.js'
import { checkOrderNumber, type GatewaySession } from './session.js'
import type { CheckLine } from './types.js'

/**
 * The gateway itself: reachable with a reply whose signature verifies, credentials taken, and the
 * clock skew against its `time` (docs/protocol.md "Time"). All from one query of an order that
 * was never placed, through the signer's own client.
 */

/** Clock skew worth a warning, and the sandbox's window (the live one is not published). */
const SKEW_WARN_S = 30
const SKEW_FAIL_S = 300

/**
 * How to see wrong credentials fail, for sandbox mode: the built-in sandbox is started with the
 * signer's own EFTPAY_USER_KEY and EFTPAY_SECRET, so it always agrees with them.
 */
export const SEE_WRONG_CREDENTIALS =
  'run the sandbox alone (`pnpm --dir sandbox start`, or `node dist/sandbox.mjs` from a built signer; it takes the documented sandbox credentials) and run check with EFTPAY_GATEWAY_URL=http://127.0.0.1:8788/sandbox/VMP and the EFTPAY_USER_KEY / EFTPAY_SECRET to try'

export interface GatewayCheck {
  lines: CheckLine[]
  /** True when calls for orders are worth making: reachable, verified, credentials taken. */
  usable: boolean
  /** Why they are not, for the lines that are then not tried. */
  reason: string
}

export async function checkGateway(session: GatewaySession, config: Config): Promise<GatewayCheck> {
  const where = session.target.baseUrl
  const result = await session.call(
    'gateway.reachable',
    'Query of an order that was never placed (reachability, credentials, clock)',
    (client) =>
      client.query({ querytype: 'OUT_TRADE', out_trade_no: checkOrderNumber('CHKREACH') }),
  )
  const facts = factsOf(result, 'query')
  const reachable = reachableLine(facts, where)
  const credentials = credentialsLine(facts, config)
  const lines = [reachable, credentials, clockLine(facts, session)]
  const usable = reachable.status === 'pass' && credentials.status !== 'fail'
  const reason =
    facts.outcome === 'unreachable'
      ? 'the gateway is unreachable'
      : `gateway.reachable or gateway.credentials failed`
  return { lines, usable, reason }
}

/** PASS only on an answer whose signature verified with EFTPAY_SECRET. */
function reachableLine(facts: CallFacts, where: string): CheckLine {
  const details = summaryOf(facts)
  switch (facts.outcome) {
    case 'unreachable':
    case 'http':
    case 'invalid-request':
      return {
        id: 'gateway.reachable',
        status: 'fail',
        message: `${facts.text} at ${where}`,
        details,
      }
    case 'signature':
      return {
        id: 'gateway.reachable',
        status: 'fail',
        message: `gateway at ${where} answered, but its signature does not verify with EFTPAY_SECRET (${facts.text}): check EFTPAY_SECRET`,
        details,
      }
    case 'unsigned-refusal':
      return {
        id: 'gateway.reachable',
        status: 'fail',
        message: `gateway at ${where} answered a refusal without a signature (${facts.text}): nothing verifies it; ${facts.hint}`,
        details,
      }
    case 'rejected-by-client':
      return {
        id: 'gateway.reachable',
        status: 'fail',
        message: `gateway at ${where} answered, but ${facts.text}`,
        details,
      }
    default:
      return {
        id: 'gateway.reachable',
        status: facts.verified ? 'pass' : 'fail',
        message: `gateway reachable at ${where}: ${facts.text}`,
        details,
      }
  }
}

function credentialsLine(facts: CallFacts, config: Config): CheckLine {
  const id = 'gateway.credentials'
  if (config.mode === 'sandbox')
    return {
      id,
      status: 'skip',
      message: `not checked in sandbox mode: the built-in sandbox takes EFTPAY_USER_KEY and EFTPAY_SECRET as its own, so wrong ones cannot show here. To see them fail, ${SEE_WRONG_CREDENTIALS}`,
    }
  if (facts.outcome === 'unreachable' || facts.outcome === 'http')
    return { id, status: 'skip', message: 'not known: the gateway gave no answer to judge them by' }
  if (facts.hint)
    return {
      id,
      status: 'fail',
      message: `the gateway's answer points at the credentials (${facts.text}): ${facts.hint}`,
    }
  if (!facts.verified) return { id, status: 'fail', message: `not proved: ${facts.text}` }
  return {
    id,
    status: 'pass',
    message:
      "EFTPAY_USER_KEY and EFTPAY_SECRET taken: the gateway's answer verifies with EFTPAY_SECRET and does not refuse the key",
  }
}

function clockLine(facts: CallFacts, session: GatewaySession): CheckLine {
  const time = typeof facts.reply?.time === 'string' ? facts.reply.time : undefined
  const theirs = time ? parseGatewayTime(time) : undefined
  if (!theirs || !facts.verified)
    return {
      id: 'gateway.clock',
      status: 'fail',
      message: theirs
        ? 'clock skew unknown: the time came in an answer that did not verify'
        : 'clock skew unknown: the gateway sent no valid time',
    }
  const skew = Math.round((session.target.clock().getTime() - theirs.getTime()) / 1000)
  const size = Math.abs(skew)
  return {
    id: 'gateway.clock',
    status: size > SKEW_FAIL_S ? 'fail' : size > SKEW_WARN_S ? 'warn' : 'pass',
    message: `clock skew ${skew >= 0 ? '+' : ''}${skew} s against the gateway's time (Hong Kong time)`,
    details: { skew_seconds: skew },
  }
}
