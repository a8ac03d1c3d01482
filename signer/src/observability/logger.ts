import { pino, type DestinationStream, type Logger } from 'pino'

/**
 * JSON logs with the secrets cut out (PRODUCT.md "JSON logs with no secrets"). Redaction is the
 * second line of defence: code should not log these at all, but a header object or a gateway
 * request logged whole must still come out clean.
 */
export type { Logger } from 'pino'

/** Paths pino censors wherever they appear (one and two levels deep, and in request headers). */
export const REDACT_PATHS: string[] = (() => {
  const keys = [
    'authorization',
    'Authorization',
    'apiKey',
    'api_key',
    'client_secret',
    'clientSecret',
    'token',
    'token_id',
    'tokenId',
    'paymentData',
    'sign',
    'secret',
    'EFTPAY_SECRET',
    'SIGNER_API_KEY',
    'MERCHANT_WEBHOOK_SECRET',
    'cert',
    'key',
    'password',
    'cookie',
  ]
  return [...keys, ...keys.map((k) => `*.${k}`), ...keys.map((k) => `*.*.${k}`), 'req.headers.authorization', 'req.headers.cookie']
})()

export interface LoggerOptions {
  level?: string
  /** Where lines go (default stdout); tests pass a memory stream. */
  destination?: DestinationStream
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'eftpay-signer' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  )
}

/** A logger that writes nothing (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
