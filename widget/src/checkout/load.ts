import { fault } from '../api/api-error.js'
import { SignerClient, sessionIdOf } from '../api/signer-client.js'
import type { PublicSession, SignerConfig } from '../api/types.js'
import type { WalletChoice, WalletCode } from '../api/wallets.js'
import { recallSecret, rememberSecret } from '../internal/session-store.js'
import { isWalletCode } from '../internal/wallet-marks.js'
import { applePayAvailable } from './apple-pay-support.js'
import { detectDevice, readHints } from './environment.js'
import type { ExpressPay, Loaded } from './state.js'

/** The signer's two answers a load waits for: config and session. */
type Answers = [SignerConfig, PublicSession]

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
  const answers = Promise.all([
    client.config(device, signal),
    id ? client.session(id, secret, signal) : client.createSession(h.sku, h.quantity, signal),
  ])
  // A wallet is offered when the attribute names it (or names none) and it takes the session's
  // currency (docs/api.md "GET /v1/config"); a config without the list takes every currency.
  const allowed = ([c, s]: Answers, w: string): boolean =>
    (!only || only.includes(w)) &&
    (c.wallet_currencies?.[w as WalletChoice]?.includes(s.currency) ?? true)
  const express = expressPay(answers, allowed)
  const both = await answers
  const [config, session] = both
  if (!id) rememberSecret(session.id, (secret = session.client_secret ?? ''))
  return {
    client,
    config,
    session,
    secret,
    device,
    returning,
    wallets: config.wallets.filter((w): w is WalletCode => isWalletCode(w) && allowed(both, w)),
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
  answers: Promise<Answers>,
  allowed: (answers: Answers, wallet: string) => boolean,
): Promise<ExpressPay> {
  const applePay = applePayAvailable()
    ? import('../checkout/apple-pay.js').catch(() => undefined)
    : undefined
  // Waits for the session too (asked at the same time): its currency decides.
  return answers
    .then(async (both) => {
      const [c] = both
      const [a, g] = await Promise.all([
        c.apple_pay.enabled && allowed(both, 'APPLEPAY') ? applePay : undefined,
        c.google_pay?.enabled &&
          allowed(both, 'GOOGLEPAY') &&
          'PaymentRequest' in self &&
          import('./google-pay.js')
            .then(async (m) => ((await m.googlePayReady(c)) ? m : undefined))
            .catch(() => undefined),
      ])
      return { applePay: a, googlePay: g || undefined }
    })
    .catch(() => ({}))
}
