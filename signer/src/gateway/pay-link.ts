import type { WalletCode } from '../contract/vocabulary.js'
import { GatewayError } from './gateway-error.js'

/**
 * Which links in a PreOrder reply (`pay_apptrade`) the signer stores and hands to the browser
 * (docs/protocol.md, "Pay links"). The reply is signed, but the gateway is untrusted input all the
 * same: the widget navigates to this link, so a `javascript:` or `data:` link would run in the
 * merchant's page.
 */

/**
 * The app schemes a wallet's link may open, by wallet. eftPay's pages say only that PayMe (APP
 * scene) and BOCPay (H5 and APP scenes) return an "APP invocation/launch link", without its form:
 * every scheme here is an assumption, listed in docs/protocol.md "Pay links". The widget's list
 * (widget/src/checkout/pay-link.ts) is the union of these.
 */
export const WALLET_APP_SCHEMES: Readonly<Partial<Record<WalletCode | 'MPGS', readonly string[]>>> =
  {
    ALIPAYHK: ['alipayhk'],
    ALIPAYCN: ['alipays', 'alipay'],
    WECHATHK: ['weixin'],
    WECHATCN: ['weixin'],
    PAYME: ['payme'],
    BOCVMPUPI: ['bocpay'],
    OCT: ['octopus'],
  }

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Whether a URL is plain http to this machine: the sandbox's own pages (docs/deploy.md). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
}

/**
 * Why `link` is not a link a shopper may be sent to for this wallet, or undefined when it is:
 * https; the wallet's own app scheme; plain http to this machine only when `loopbackHttp` (the
 * gateway itself is a plain-http sandbox on this machine). Never credentials in the link, never
 * white space or control characters (which browsers strip, so the link read is not the link run).
 */
export function payLinkProblem(
  link: string,
  wallet: WalletCode | 'MPGS',
  loopbackHttp: boolean,
): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  if (/[\s\u0000-\u001f\u007f]/.test(link)) return 'white space or control characters'
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return 'not an absolute URL'
  }
  if (url.username || url.password) return 'credentials in the URL'
  const scheme = url.protocol.slice(0, -1)
  if (scheme === 'https') return undefined
  if (loopbackHttp && isLoopbackHttp(url)) return undefined
  if (WALLET_APP_SCHEMES[wallet]?.includes(scheme)) return undefined
  return `scheme ${scheme}: is not one the shopper may be sent to for ${wallet}`
}

/**
 * Throws the `malformed` gateway error for a reply whose link is unusable: a gateway error, not a
 * refusal, so the payment is not failed (its order may exist at eftPay: it stays pending, is
 * queried on a retry and followed by the reconciler, docs/protocol.md "Pay links").
 */
export function assertUsablePayLink(
  link: string,
  wallet: WalletCode | 'MPGS',
  loopbackHttp: boolean,
): void {
  const problem = payLinkProblem(link, wallet, loopbackHttp)
  if (problem === undefined) return
  throw new GatewayError({
    kind: 'malformed',
    field: 'pay_apptrade',
    message: `eftPay's reply has a pay_apptrade the shopper must not be sent to (${problem})`,
  })
}
