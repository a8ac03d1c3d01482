import { randomBytes, randomUUID } from 'node:crypto'
import { Agent, request } from 'node:https'
import type { Config } from '../config/index.js'
import type { Clock } from '../contract/clock.js'
import { PermissionError, UpstreamError } from '../errors.js'
import { isAppleValidationUrl } from './apple-hosts.js'

/**
 * Apple Pay merchant validation through the signer (docs/api.md, docs/protocol.md: we
 * validate the merchant ourselves with the merchant identity certificate; eftPay/MPGS only
 * decrypt the token). The browser hands over the `validationURL` from `onvalidatemerchant`; the
 * signer calls it with mutual TLS and passes Apple's merchant session back as is.
 */

/** Apple's opaque merchant session; the widget passes it to `completeMerchantValidation`. */
export type MerchantSession = Record<string, unknown>

export interface AppleValidator {
  /** Validates the merchant at `validationUrl` (already checked to be an Apple host). */
  validate(validationUrl: string): Promise<MerchantSession>
}

/** Refuses any URL that is not https on one of Apple's hosts: 403 `validation_url_not_allowed`. */
export function assertAppleValidationUrl(validationUrl: string): void {
  if (!isAppleValidationUrl(validationUrl)) {
    throw new PermissionError({
      code: 'validation_url_not_allowed',
      param: 'validation_url',
      message:
        "validation_url must be an https URL on one of Apple's Apple Pay hosts (the validationURL of the onvalidatemerchant event).",
    })
  }
}

export interface LiveValidatorOptions {
  merchantId: string
  displayName: string
  /** The storefront's domain registered with Apple (`initiativeContext`). */
  domain: string
  cert: string
  key: string
  timeoutMs?: number
}

/** Calls Apple with the merchant identity certificate (mutual TLS). */
export function liveAppleValidator(options: LiveValidatorOptions): AppleValidator {
  const agent = new Agent({ cert: options.cert, key: options.key, keepAlive: true })
  const timeoutMs = options.timeoutMs ?? 10_000
  return {
    async validate(validationUrl) {
      assertAppleValidationUrl(validationUrl)
      const body = JSON.stringify({
        merchantIdentifier: options.merchantId,
        displayName: options.displayName.slice(0, 64),
        initiative: 'web',
        initiativeContext: options.domain,
      })
      const { status, text } = await post(validationUrl, body, agent, timeoutMs)
      if (status < 200 || status >= 300) {
        throw new UpstreamError({
          code: 'apple_pay_validation_failed',
          retryable: status >= 500,
          message: `Apple refused the merchant validation (HTTP ${status}). Check the merchant identity certificate and the registered domain.`,
        })
      }
      try {
        return JSON.parse(text) as MerchantSession
      } catch {
        throw new UpstreamError({
          code: 'apple_pay_validation_failed',
          message: 'Apple answered merchant validation with something that is not JSON.',
        })
      }
    },
  }
}

function post(
  url: string,
  body: string,
  agent: Agent,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        )
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (cause) =>
      reject(
        new UpstreamError({
          status: cause.message === 'timeout' ? 504 : 502,
          code: cause.message === 'timeout' ? 'gateway_timeout' : 'gateway_unavailable',
          retryable: true,
          message: 'Apple Pay merchant validation could not reach Apple. Try again.',
          cause,
        }),
      ),
    )
    req.end(body)
  })
}

export interface SandboxValidatorOptions {
  merchantId: string
  displayName: string
  domain?: string
  clock: Clock
}

/**
 * Sandbox mode: a simulated merchant session of the same shape Apple returns, made without any
 * network call. It only satisfies the widget's flow; a real Apple Pay sheet will not accept it.
 */
export function sandboxAppleValidator(options: SandboxValidatorOptions): AppleValidator {
  return {
    async validate(validationUrl) {
      assertAppleValidationUrl(validationUrl)
      const now = options.clock().getTime()
      return {
        epochTimestamp: now,
        expiresAt: now + 60 * 60 * 1000,
        merchantSessionIdentifier: `SSH${randomBytes(16).toString('hex').toUpperCase()}_SANDBOX`,
        nonce: randomBytes(4).toString('hex'),
        merchantIdentifier: options.merchantId,
        domainName: options.domain ?? 'localhost',
        displayName: options.displayName.slice(0, 64),
        signature: Buffer.from(`eftpay-sandbox-${randomUUID()}`).toString('base64'),
        operationalAnalyticsIdentifier: `${options.displayName.slice(0, 32)}:sandbox`,
        retries: 0,
        pspId: 'sandbox',
      }
    },
  }
}

/** Apple's real validation in live mode with a merchant identity; the sandbox's otherwise. */
export function appleValidatorFor(
  config: Pick<Config, 'mode' | 'applePay' | 'merchantName'>,
  clock: Clock,
): AppleValidator {
  const { applePay } = config
  if (
    config.mode === 'live' &&
    applePay.enabled &&
    applePay.cert &&
    applePay.key &&
    applePay.domain
  ) {
    return liveAppleValidator({
      merchantId: applePay.merchantId,
      displayName: config.merchantName,
      domain: applePay.domain,
      cert: applePay.cert,
      key: applePay.key,
    })
  }
  return sandboxAppleValidator({
    merchantId: applePay.merchantId,
    displayName: config.merchantName,
    ...(applePay.domain ? { domain: applePay.domain } : {}),
    clock,
  })
}
