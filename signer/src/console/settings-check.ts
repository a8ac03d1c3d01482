import { checkGateway } from '../check/gateway-checks.js'
import { createGatewaySession } from '../check/session.js'
import { checkApplePayDomainFile, checkPublicUrl } from '../check/site-checks.js'
import type { CheckLine } from '../check/types.js'
import type { Config } from '../config/index.js'
import { DEFAULT_GATEWAY_SETTINGS } from '../gateway/settings.js'

/**
 * The Settings screen's "Run checks": the checks of `eftpay-signer check` that place no gateway
 * order (docs/protocol.md "Before go-live: check"): the gateway reachable with verified replies,
 * the credentials taken, the clock, PUBLIC_URL and the Apple Pay domain file. The checks that
 * place orders stay on the command line. Lines carry messages only (no request details).
 */

export interface ConsoleCheck {
  ok: boolean
  at: string
  lines: Pick<CheckLine, 'id' | 'status' | 'message'>[]
}

const TIMEOUT_MS = 8_000

export async function runConsoleChecks(config: Config, clock: () => Date): Promise<ConsoleCheck> {
  const session = createGatewaySession({
    baseUrl: config.gatewayUrl,
    userKey: config.userKey,
    secret: config.secret,
    clock,
    fetch,
    timeoutMs: TIMEOUT_MS,
    settings: config.protocol ?? DEFAULT_GATEWAY_SETTINGS,
  })
  const lines: CheckLine[] = [...(await checkGateway(session, config)).lines]
  lines.push(checkPublicUrl(config))
  const domainFile = await checkApplePayDomainFile(config, fetch, TIMEOUT_MS)
  if (domainFile) lines.push(domainFile)
  return {
    ok: lines.every((l) => l.status !== 'fail'),
    at: clock().toISOString(),
    lines: lines.map(({ id, status, message }) => ({ id, status, message })),
  }
}
