import { fault } from '../api/api-error.js'
import { SignerClient, sessionIdOf } from '../api/signer-client.js'
import type { SignerConfig } from '../api/types.js'
import type { WalletCode } from '../api/wallets.js'
import { recallSecret, rememberSecret } from '../internal/session-store.js'
import { isWalletCode } from '../internal/wallet-marks.js'
import { applePayAvailable } from './apple-pay-support.js'
import { detectDevice, readHints } from './environment.js'
import type { ExpressPay, Loaded } from './state.js'

/** What identifies a checkout and narrows its choices: the element's attributes. */
export interface CheckoutRequest {
  signer: string
  clientSecret: string
  sku: string
  quantity: number
  sessionId: string
  wallets: string
}

/**
 * Loads config and session: a return page's session, the client secret's, or a new one for `sku`.
 * Settles with those two answers; Apple Pay and Google Pay come later in `express`.
 */
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
  const sessionAnswer = id
    ? client.session(id, secret, signal)
    : client.createSession(h.sku, h.quantity, signal)
  const express = expressPay(configAnswer, allowed)
  const [config, session] = await Promise.all([configAnswer, sessionAnswer])
  if (!id) rememberSecret(session.id, (secret = session.client_secret ?? ''))
  return {
    client,
    config,
    session,
    secret,
    device,
    returning,
    wallets: config.wallets.filter((w): w is WalletCode => isWalletCode(w) && allowed(w)),
    applePay: undefined,
    googlePay: undefined,
    express,
  }
}

/**
 * Apple Pay's and Google Pay's flows, where the browser can pay with them and the signer enables
 * them. Never rejects: a chunk that cannot be fetched or a check that fails costs its button only.
 * The Apple Pay chunk is requested at once, beside the signer's answers; Google Pay's only where
 * the Payment Request API exists and the config enables it, and then the browser is asked
 * (`canMakePayment`, which can take a while): the wallets do not wait for either.
 */
function expressPay(
  configAnswer: Promise<SignerConfig>,
  allowed: (wallet: string) => boolean,
): Promise<ExpressPay> {
  const applePay = applePayAvailable()
    ? import('../checkout/apple-pay.js').catch(() => undefined)
    : undefined
  return configAnswer
    .then(async (c) => {
      const [a, g] = await Promise.all([
        c.apple_pay.enabled && allowed('APPLEPAY') ? applePay : undefined,
        c.google_pay?.enabled &&
          allowed('GOOGLEPAY') &&
          'PaymentRequest' in self &&
          import('./google-pay.js')
            .then(async (m) => ((await m.googlePayReady(c)) ? m : undefined))
            .catch(() => undefined),
      ])
      return { applePay: a, googlePay: g || undefined }
    })
    .catch(() => ({}))
}
