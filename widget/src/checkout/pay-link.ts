/**
 * Whether the widget may send the shopper to a payment's link (docs/protocol.md "Pay links"). The
 * signer checks eftPay's `pay_apptrade` per wallet already; this is the second check, in the page
 * the link would run in: https, a wallet app's scheme (the signer's lists, joined), or plain http
 * to this machine in sandbox mode. Parsed with the same URL parser the navigation uses, so white
 * space or letter case cannot hide a `javascript:` link; a relative link is refused.
 */
export function mayOpen(link: string, sandbox: boolean): boolean {
  try {
    const { protocol, hostname } = new URL(link)
    return (
      /^(https|alipays?|alipayhk|weixin|payme|bocpay|octopus):$/.test(protocol) ||
      (sandbox && /^http:(127\.0\.0\.1|localhost|\[::1\])$/.test(protocol + hostname))
    )
  } catch {
    return false
  }
}
