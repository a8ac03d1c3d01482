import type { Config } from '../../config/index.js'
import type { GatewaySession } from '../session.js'
import type { CheckLine, SettingFinding } from '../types.js'
import { findOrderNotFoundStatus } from './uat-not-found.js'
import { proveRefunds } from './uat-refunds.js'
import { placePaidSale } from './uat-sale.js'
import { proveTokenQuery } from './uat-token.js'

/**
 * `eftpay-signer check --uat` (docs/deploy.md "check --uat"): against eftPay's UAT, what UAT
 * allows without a person. A PayMe order UAT pays by itself (`.81`) is queried, refunded in part,
 * refunded for the rest, and each refund queried; an order never placed is queried; a token order
 * is queried. Each answer proves one protocol setting (docs/protocol.md "Settings") and becomes a
 * `SettingFinding`, printed as the variable to set. Where UAT does not answer as the pages say,
 * the step says so and is skipped: nothing is guessed. It places real orders; the command asks
 * first (cli.ts).
 */

export interface UatOptions {
  /** How long to keep asking until UAT pays the order or settles a refund; default 180 s. */
  waitMs: number
  /** Pause between two queries; default 5 s. */
  pollMs: number
  progress?: (text: string) => void
}

export const DEFAULT_UAT_WAIT_MS = 180_000

export async function runUatChecks(
  session: GatewaySession,
  config: Config,
  gateway: { usable: boolean; reason: string },
  options: Partial<UatOptions>,
): Promise<{ lines: CheckLine[]; settings: SettingFinding[] }> {
  if (config.mode !== 'live')
    return {
      lines: [
        {
          id: 'uat',
          status: 'fail',
          message:
            "check --uat needs EFTPAY_GATEWAY_URL set to eftPay's UAT gateway (with your UAT credentials)",
        },
      ],
      settings: [],
    }
  if (!gateway.usable)
    return {
      lines: [{ id: 'uat', status: 'fail', message: `check --uat not run: ${gateway.reason}` }],
      settings: [],
    }
  const wait = { waitMs: options.waitMs ?? DEFAULT_UAT_WAIT_MS, pollMs: options.pollMs ?? 5_000 }
  const lines: CheckLine[] = []
  const findings: SettingFinding[] = []

  const sale = await placePaidSale(session, wait, options.progress ?? (() => {}))
  lines.push(...sale.lines)
  findings.push(...sale.findings)

  const notFound = await findOrderNotFoundStatus(session, sale.query, sale.queryAnswered)
  lines.push(notFound.line)
  if (notFound.finding) findings.push(notFound.finding)

  if (sale.paid) {
    const refunds = await proveRefunds(session, sale.paid, wait)
    lines.push(...refunds.lines)
    findings.push(...refunds.findings)
  } else {
    lines.push({
      id: 'uat.refund',
      status: 'skip',
      message:
        'refund service and total_fee not proved: there is no paid order to refund (see uat.payme)',
    })
  }

  const token = await proveTokenQuery(session, config)
  lines.push(token.line)
  if (token.finding) findings.push(token.finding)
  return { lines, settings: oneFindingPerVariable(findings) }
}

/** A variable found twice (EFTPAY_TOKEN_QUERY, by web and token orders) keeps the change. */
function oneFindingPerVariable(findings: SettingFinding[]): SettingFinding[] {
  const kept = new Map<string, SettingFinding>()
  for (const f of findings) {
    const before = kept.get(f.variable)
    if (!before || (before.inUse && !f.inUse)) kept.set(f.variable, f)
  }
  return [...kept.values()]
}
