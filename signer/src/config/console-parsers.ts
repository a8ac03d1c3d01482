import { isIP } from 'node:net'
import type { ParseContext } from './variable.js'

/**
 * CONSOLE_PUBLIC_URL: the console's own origin. Its host is the passkeys' relying-party id, so it
 * must be a host name (browsers refuse an IP address as an RP id) and a secure context: https, or
 * plain http only to `localhost` (docs/deploy.md#the-merchant-console).
 */
export function consolePublicUrl(raw: string, { problem }: ParseContext<string | undefined>) {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    problem('must be a URL like https://console.shop.example.')
    return undefined
  }
  if (url.username || url.password) {
    problem('must not contain a user name or password: remove the user:password@ before the host.')
    return undefined
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    problem('must be an origin only (scheme, host, port), like https://console.shop.example.')
    return undefined
  }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) !== 0) {
    problem('must name a host, not an IP address: passkeys refuse an IP address (use localhost).')
    return undefined
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && host === 'localhost')
  if (!secure) {
    problem('must be https (plain http only to localhost): passkeys need a secure context.')
    return undefined
  }
  return url.origin
}

/** CONSOLE_PORT: 0–65535; unset, the listener takes `PORT` + 1 (console/listener.ts). */
export function consolePort(raw: string, { problem }: ParseContext<number | undefined>) {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (Number.isInteger(value) && value >= 0 && value <= 65535) return value
  problem('must be a whole number from 0 to 65535 (default: PORT + 1).')
  return undefined
}
