import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { EftpayApiError, fault } from '../api/api-error.js'
import type { WalletChoice, WalletCode } from '../api/wallets.js'
import type { ApplePayOutcome } from '../checkout/apple-pay.js'
import type { GooglePayOutcome } from '../checkout/google-pay.js'
import { type CheckoutRequest, loadCheckout } from '../checkout/load.js'
import { type Outcome, outcomeOf } from '../checkout/outcome.js'
import { mayOpen } from '../checkout/pay-link.js'
import { PollLoop } from '../checkout/poll-loop.js'
import { type Loaded, type PaymentState, readyDetail } from '../checkout/state.js'
import { EftpayCancelEvent } from '../events/eftpay-cancel.js'
import { EftpayErrorEvent } from '../events/eftpay-error.js'
import { EftpayFailureEvent } from '../events/eftpay-failure.js'
import { EftpayQrcodeEvent } from '../events/eftpay-qrcode.js'
import { EftpayReadyEvent } from '../events/eftpay-ready.js'
import { EftpayRedirectEvent } from '../events/eftpay-redirect.js'
import { EftpaySelectEvent } from '../events/eftpay-select.js'
import { EftpaySuccessEvent } from '../events/eftpay-success.js'
import { afterPaint } from '../internal/after-paint.js'
import type { Lang, Translation } from '../translations/translation.js'

/** What the controller reads from its element: the attributes that identify and shape a checkout. */
export interface CheckoutHost extends ReactiveControllerHost, EventTarget, CheckoutRequest {
  readonly isConnected: boolean
  pollInterval: number
}

const noop = (): void => {}

/** The element's language: what it sends to the signer, its texts, and when those are loaded. */
export interface Locale {
  readonly lang: Lang
  readonly t: Translation
  ready(): Promise<Translation>
}

/**
 * The checkout's state machine and all its I/O, as a reactive controller (the way `@lit/task` owns
 * async work): it loads config and session when what identifies the session changes (a newer load
 * aborts the older one's requests), starts payments, hands the shopper over to a wallet (redirect,
 * QR code, Apple Pay or Google Pay sheet), follows the session until the payment is final, and recovers a page
 * restored from the back-forward cache. It dispatches the element's `eftpay-*` events on the host;
 * the host renders `state` and `loaded`, and forwards clicks to `pay`, `payWithSheet`, `cancel` and
 * `reload`.
 */
export class CheckoutController implements ReactiveController {
  /** Where the checkout stands (from the host's first update on, which starts loading). */
  declare state: PaymentState
  /** Config and session, once loaded (undefined while loading and after a failed load). */
  loaded: Loaded | undefined
  /** The QR code view, a lazy chunk fetched before the first QR code is shown. */
  qr: typeof import('../internal/qr.js') | undefined

  readonly #host: CheckoutHost
  readonly #locale: Locale
  readonly #poll = new PollLoop()
  #loading: AbortController | undefined
  /** What identified the session at the last load. */
  #args: string | undefined
  /** Whether the page has heard `eftpay-ready` for the choices loaded. */
  #told = false

  constructor(host: CheckoutHost, locale: Locale) {
    this.#locale = locale
    ;(this.#host = host).addController(this)
  }

  hostConnected(): void {
    this.#poll.resume()
    // Back on the page after a load was aborted by leaving it: hostUpdate loads again.
    this.#host.requestUpdate()
  }

  hostDisconnected(): void {
    this.#loading?.abort()
    this.#loading = undefined
    this.#poll.pause()
  }

  hostUpdate(): void {
    const h = this.#host
    const args = JSON.stringify([h.signer, h.clientSecret, h.sku, h.quantity, h.sessionId])
    if (args !== this.#args || !(this.#loading || this.loaded)) {
      this.#args = args
      this.reload()
    }
  }

  /** Loads config and session again, from scratch (also the retry of a failed load). */
  reload = (): void => {
    this.#loading?.abort()
    this.#poll.stop()
    const ac = (this.#loading = new AbortController())
    this.loaded = undefined
    this.#set({ status: 'loading' })
    // The language's chunk is fetched beside the signer's answers, and the wallets wait for it, so
    // they never appear in English and then change (the reserved space holds their place).
    const locale = this.#locale
    Promise.all([loadCheckout(this.#host, ac.signal), locale.ready()]).then(
      ([loaded]) => !ac.signal.aborted && this.#ready(loaded),
      (error: unknown) => !ac.signal.aborted && this.#fail(error, this.reload),
    )
  }

  /** Starts a payment with a wallet: a redirect to it, or a QR code to scan and a wait. */
  async pay(wallet: WalletCode): Promise<void> {
    const loaded = this.#choose(wallet)
    if (!loaded) return
    const { session, secret, client, device } = loaded
    const sessionId = session.id
    try {
      const payment = await client.post(sessionId, secret, 'payments', {
        wallet,
        device,
        lang: this.#locale.lang,
      })
      const next = payment.next_action
      if (!next) return this.#settle(payment.status, payment.id, wallet)
      const { url } = next
      const detail = { wallet, url, paymentId: payment.id, sessionId }
      if (next.type === 'qr_code') {
        // The QR chunk sits beside the script-tag file; if it cannot be fetched, a retry may help.
        this.qr ??= await import('../internal/qr.js').catch(() => {
          throw fault('network_error', 'QR chunk not loaded', true)
        })
        const scan = { ...detail, expiresAt: payment.expires_at }
        this.#set({ status: 'awaiting-scan', ...scan })
        this.#dispatch(new EftpayQrcodeEvent(scan))
        return this.#settle('pending', payment.id, wallet)
      }
      // The second check of the link, in the page it would run in (docs/protocol.md "Pay links").
      if (!mayOpen(url, loaded.config.mode === 'sandbox')) throw fault('unsafe_url', 'Unsafe link')
      this.#set({ status: 'redirecting', wallet, url })
      // Back from the wallet with the browser's Back button, the page can come out of the
      // back-forward cache as it was left: frozen in `redirecting`, every choice disabled. Load
      // again instead (the session may even be paid). Only a restore fires `pageshow` on this page;
      // when the page took the navigation over, the listener may outlive the element: check first.
      addEventListener('pageshow', () => this.#host.isConnected && this.reload(), { once: true })
      // Cancelable so a single-page app can navigate itself.
      if (this.#dispatch(new EftpayRedirectEvent(detail))) location.assign(url)
    } catch (error) {
      this.#fail(error, () => void this.pay(wallet))
    }
  }

  /**
   * Opens the Apple Pay or Google Pay sheet; call it synchronously from the click: Safari opens
   * Apple's sheet (`begin()`), and `show()` Google's, only inside the click's user gesture.
   */
  payWithSheet(wallet: 'APPLEPAY' | 'GOOGLEPAY'): void {
    const loaded = this.#choose(wallet)
    if (!loaded) return
    // What the sheet's end means: an error, a cancel, or the signer's status of the payment.
    const onOutcome = (o: ApplePayOutcome | GooglePayOutcome): void =>
      o.status === 'error'
        ? this.#fail(o.error, () => this.#set({ status: 'idle' }))
        : o.status === 'cancelled'
          ? this.cancel(wallet, wallet === 'APPLEPAY' ? 'apple-pay' : 'google-pay')
          : this.#settle(o.status, o.payment.id, wallet)
    // Each sheet is offered only once its module has loaded (checkout/load.ts `express`).
    if (wallet === 'APPLEPAY') loaded.applePay?.startApplePay({ ...loaded, onOutcome })
    else loaded.googlePay?.startGooglePay({ ...loaded, onOutcome })
  }

  /** The shopper left a payment: from the QR code (back to the wallet chosen) or a payment sheet. */
  cancel(wallet: WalletChoice, source: EftpayCancelEvent['detail']['source']): void {
    const loaded = this.loaded
    if (!loaded) return
    this.#poll.stop()
    this.#set({ status: 'cancelled', wallet })
    this.#dispatch(new EftpayCancelEvent({ sessionId: loaded.session.id, wallet, source }))
  }

  /** Whether a choice is under way (choices are shown disabled, and clicks ignored). */
  get busy(): boolean {
    return /^(pending|redirecting)$/.test(this.state.status)
  }

  #set(state: PaymentState): void {
    this.state = state
    this.#host.requestUpdate()
  }

  #dispatch(event: Event): boolean {
    return this.#host.dispatchEvent(event)
  }

  #ready(loaded: Loaded): void {
    this.loaded = loaded
    this.#told = false
    this.#set({ status: 'idle' })
    const { session, device } = loaded
    // A session already decided shows its outcome; a return page also shows its last attempt's.
    // Both tell the page at once, `eftpay-ready` first, as there are no choices to paint.
    const outcome = outcomeOf(session)
    if (session.status !== 'open' || (loaded.returning && outcome !== 'none')) {
      this.#tellReady(loaded)
      this.#settle(outcome)
      return
    }
    // The wallets are shown now. Apple Pay and Google Pay join them (after them, so no wallet
    // moves) once the browser has said it can pay with them, which can take a while.
    loaded.express.then((express) => {
      if (this.loaded !== loaded) return
      Object.assign(loaded, express)
      this.#host.requestUpdate()
      // The page's `eftpay-ready` listeners run inside `dispatchEvent`: told after the choices
      // have painted, they cannot hold the first paint back (unless this load was replaced).
      afterPaint(() => {
        if (this.loaded !== loaded) return
        this.#tellReady(loaded)
        // A computer gets QR codes from most wallets (docs/api.md): fetch their chunk now, while
        // the shopper reads the choices, not after the click.
        if (!device.mobile && loaded.wallets.length)
          import('../internal/qr.js').then((qr) => (this.qr ??= qr), noop)
      })
    })
  }

  /** Tells the page `eftpay-ready` once per load (first, if a choice beats Apple/Google Pay). */
  #tellReady(loaded: Loaded): void {
    if (this.#told) return
    this.#told = true
    this.#dispatch(new EftpayReadyEvent(readyDetail(loaded)))
  }

  /** Shows an outcome and tells the page; `pending` keeps checking the session until it is final. */
  #settle(outcome: Outcome, paymentId?: string, wallet?: WalletChoice): void {
    // The session loaded now: a reload while a payment was under way follows the new one.
    const loaded = this.loaded
    if (!loaded) return
    const { client, session, secret } = loaded
    if (outcome === 'pending') {
      if (this.state.status !== 'awaiting-scan') this.#set({ status: 'checking' })
      this.#poll.start(this.#host.pollInterval, async (signal) => {
        try {
          const next = outcomeOf(await client.session(session.id, secret, signal), paymentId)
          if (next === 'pending' || next === 'none') return false
          this.#settle(next, paymentId, wallet)
        } catch (error) {
          // Keep checking through transient failures; anything else ends the wait visibly (and is
          // not retryable, so it gets no retry button).
          if (signal.aborted || (error instanceof EftpayApiError && error.retryable))
            return signal.aborted
          this.#fail(error)
        }
        return true
      })
      return
    }
    this.#poll.stop()
    if (outcome === 'none') return
    this.#set({ status: outcome })
    const sessionId = session.id
    this.#dispatch(
      outcome === 'succeeded'
        ? new EftpaySuccessEvent({
            sessionId,
            paymentId,
            wallet,
            amount: session.amount,
            currency: session.currency,
          })
        : new EftpayFailureEvent({ sessionId, paymentId, wallet, reason: outcome }),
    )
  }

  /**
   * Shows an error and tells the page. An integrator needs the signer's reason (a refused origin,
   * an unknown sku), which the shopper-facing status line does not give: so it also goes to the
   * console in sandbox mode, and while the mode is not known yet (the configuration itself failed).
   */
  #fail(error: unknown, retry?: () => void): void {
    this.#poll.stop()
    const e = error instanceof EftpayApiError ? error : fault('internal', String(error))
    if (this.loaded?.config.mode !== 'live') console.error(e)
    this.#dispatch(
      new EftpayErrorEvent({
        code: e.code,
        message: e.message,
        retryable: e.retryable,
        status: e.status,
        param: e.param,
      }),
    )
    this.#set({ status: 'error', error: e, retry: e.retryable ? retry : undefined })
  }

  /**
   * Starts a choice (a wallet or Apple Pay): announced and shown as pending, or ignored (undefined)
   * while another is under way, so a double click never starts two payments.
   */
  #choose(wallet: WalletChoice): Loaded | undefined {
    const loaded = this.loaded
    if (this.busy || !loaded) return
    this.#tellReady(loaded)
    this.#dispatch(new EftpaySelectEvent({ wallet, sessionId: loaded.session.id }))
    this.#set({ status: 'pending', wallet })
    return loaded
  }
}
