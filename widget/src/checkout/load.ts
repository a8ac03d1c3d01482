import { fault } from '../api/api-error.js'
import { SignerClient, sessionIdOf } from '../api/signer-client.js'
import type { WalletCode } from '../api/wallets.js'
import { recallSecret, rememberSecret } from '../internal/session-store.js'
import { isWalletCode } from '../internal/wallet-marks.js'
import { applePayAvailable } from './apple-pay-support.js'
import { detectDevice, readHints } from './environment.js'
import type { Loaded } from './state.js'

/** What identifies a checkout and narrows its choices: the element's attributes. */
export interface CheckoutRequest {
  signer: string
  clientSecret: string
  sku: string
  quantity: number
  sessionId: string
  wallets: string
}

/** Loads config and session: a return page's session, the client secret's, or a new one for `sku`. */
export async function loadCheckout(h: CheckoutRequest, signal: AbortSignal): Promise<Loaded> {
  const client = new SignerClient(h.signer)
  const device = detectDevice(readHints())
  const returnId = h.sessionId || new URLSearchParams(location.search).get('session_id')
  let secret = h.clientSecret
  let returning = false
  if (returnId) {
    // The return page's session: its secret from the attribute, or stored by the sku flow.
    const known = sessionIdOf(secret) === returnId ? secret : recallSecret(returnId)
    if (known) [secret, returning] = [known, true]
    else if (h.sessionId) throw fault('missing_client_secret', `No client secret for ${returnId}`)
  }
  const id = sessionIdOf(secret)
  if (secret && !id) throw fault('invalid_client_secret', 'Malformed client-secret')
  if (!secret && !h.sku) throw fault('missing_client_secret', 'Set client-secret or sku')
  const only = h.wallets.toUpperCase().match(/\w+/g)
  const allowed = (w: string): boolean => !only || only.includes(w)
  const configAnswer = client.config(device, signal)
  const answers = Promise.all([
    configAnswer,
    id ? client.session(id, secret, signal) : client.createSession(h.sku, h.quantity, signal),
    // A chunk that cannot be fetched costs the Apple Pay button only, not the whole widget.
    applePayAvailable() ? import('../checkout/apple-pay.js').catch(() => undefined) : undefined,
    // Only where the Payment Request API exists and the signer enables it; the chunk asks the
    // browser whether Google Pay can pay. Failing, it costs the Google Pay button only.
    configAnswer
      .then(
        (c) =>
          c.google_pay?.enabled &&
          allowed('GOOGLEPAY') &&
          'PaymentRequest' in self &&
          import('./google-pay.js').then(async (m) => (await m.googlePayReady(c)) && m),
      )
      .catch(() => {}),
  ])
  const [config, session, applePay, googlePay] = await answers
  if (!id) rememberSecret(session.id, (secret = session.client_secret ?? ''))
  return {
    client,
    config,
    session,
    secret,
    device,
    returning,
    wallets: config.wallets.filter((w): w is WalletCode => isWalletCode(w) && allowed(w)),
    applePay: config.apple_pay.enabled && allowed('APPLEPAY') ? applePay : undefined,
    googlePay: googlePay || undefined,
  }
}
