import type { Config } from '../config/index.js'
import type { CheckLine } from './types.js'

/** Checks of the signer's own public address (docs/protocol.md, "Transport"; docs/deploy.md). */

export function checkPublicUrl(config: Config): CheckLine {
  if (config.mode === 'sandbox')
    return {
      id: 'public-url',
      status: 'skip',
      message: `PUBLIC_URL ${config.publicUrl}: not checked in sandbox mode`,
    }
  const url = new URL(config.publicUrl)
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  const https = url.protocol === 'https:'
  const allowed = port === '443' || port === '80'
  return {
    id: 'public-url',
    status: https && allowed ? 'pass' : 'fail',
    message:
      https && allowed
        ? `PUBLIC_URL ${config.publicUrl}: https on port ${port}, so eftPay can send notifications`
        : `PUBLIC_URL ${config.publicUrl}: ${https ? '' : 'not https; '}${allowed ? '' : `port ${port}, but eftPay notifies only ports 80 and 443 unless it approves another`}`.replace(
            /; $/,
            '',
          ),
  }
}

const DOMAIN_FILE = '/.well-known/apple-developer-merchantid-domain-association'

export async function checkApplePayDomainFile(
  config: Config,
  doFetch: typeof fetch,
  timeoutMs: number,
): Promise<CheckLine | undefined> {
  if (!config.applePay.enabled) return undefined
  if (config.mode === 'sandbox')
    return {
      id: 'apple-pay.domain-file',
      status: 'skip',
      message: 'Apple Pay domain file: not checked in sandbox mode',
    }
  const url = `${config.publicUrl}${DOMAIN_FILE}`
  try {
    const response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    const body = await response.text()
    const expected = config.applePay.domainAssociation?.trim()
    const ok =
      response.status === 200 && body.trim() !== '' && (!expected || body.trim() === expected)
    return {
      id: 'apple-pay.domain-file',
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `Apple Pay domain file served at ${url}`
        : `Apple Pay domain file at ${url}: HTTP ${response.status}${response.status === 200 ? ', not the configured content' : ''}`,
    }
  } catch (error) {
    return {
      id: 'apple-pay.domain-file',
      status: 'fail',
      message: `Apple Pay domain file at ${url}: not reachable (${error instanceof Error ? error.name : 'error'})`,
    }
  }
}
