import { html, LitElement, nothing, type PropertyValues, svg, type TemplateResult } from 'lit'
import { EftpayApiError, fault } from '../api/api-error.js'
import { SignerClient, sessionIdOf } from '../api/signer-client.js'
import type { Payment } from '../api/types.js'
import type { WalletChoice, WalletCode } from '../api/wallets.js'
import type { ApplePayOutcome } from '../checkout/apple-pay.js'
import { applePayAvailable } from '../checkout/apple-pay-support.js'
import { detectDevice, readHints } from '../checkout/environment.js'
import { type Outcome, outcomeOf } from '../checkout/outcome.js'
import type { Loaded, PaymentState } from '../checkout/state.js'
import { LocalizeController } from '../controllers/localize-controller.js'
import { PollController } from '../controllers/poll-controller.js'
import { EftpayCancelEvent } from '../events/eftpay-cancel.js'
import { EftpayErrorEvent } from '../events/eftpay-error.js'
import { EftpayFailureEvent } from '../events/eftpay-failure.js'
import { EftpayQrcodeEvent } from '../events/eftpay-qrcode.js'
import { EftpayReadyEvent } from '../events/eftpay-ready.js'
import { EftpayRedirectEvent } from '../events/eftpay-redirect.js'
import { EftpaySelectEvent } from '../events/eftpay-select.js'
import { EftpaySuccessEvent } from '../events/eftpay-success.js'
import { formatMoney, walletName } from '../internal/locale.js'
import { recallSecret, rememberSecret } from '../internal/session-store.js'
import styles from './eftpay-button.styles.js'
import { isWalletCode, MARKS } from './wallet-marks.js'

/**
 * @tagname eftpay-button
 * @summary eftPay wallets and Apple Pay for one checkout session: a merchant drops it into any page.
 *
 * @event {EftpayReadyEvent} eftpay-ready - Configuration and session loaded, choices shown.
 * @event {EftpaySelectEvent} eftpay-select - The shopper chose a wallet or Apple Pay.
 * @event {EftpayRedirectEvent} eftpay-redirect - About to navigate to the wallet; cancelable.
 * @event {EftpayQrcodeEvent} eftpay-qrcode - A QR code is shown to scan with a phone.
 * @event {EftpaySuccessEvent} eftpay-success - The session is paid.
 * @event {EftpayFailureEvent} eftpay-failure - A payment failed or expired.
 * @event {EftpayCancelEvent} eftpay-cancel - The shopper cancelled (QR code back, Apple Pay sheet closed).
 * @event {EftpayErrorEvent} eftpay-error - The signer could not be used; `detail.retryable` says if a retry may help.
 *
 * @csspart base - The wrapper of everything.
 * @csspart wallet-list - The list of wallet buttons.
 * @csspart wallet - Each wallet button (`data-wallet` holds the wallet code).
 * @csspart wallet__icon - The mark inside a wallet button.
 * @csspart wallet__label - The name inside a wallet button.
 * @csspart apple-pay - The Apple Pay button.
 * @csspart qr - The QR code (SVG).
 * @csspart back - The button that leaves the QR code.
 * @csspart retry - The button that retries after an error.
 * @csspart status - The announced status line.
 * @csspart banner - The sandbox-mode banner.
 *
 * @cssproperty --eftpay-color-text - Text colour.
 * @cssproperty --eftpay-color-background - Background colour.
 * @cssproperty --eftpay-color-surface - Button background.
 * @cssproperty --eftpay-color-border - Button border.
 * @cssproperty --eftpay-color-accent - Focus ring.
 * @cssproperty --eftpay-color-success - Paid status.
 * @cssproperty --eftpay-color-danger - Failed, expired and error status.
 * @cssproperty --eftpay-radius - Corner radius.
 * @cssproperty --eftpay-spacing - Gap and padding.
 * @cssproperty --eftpay-font-family - Font.
 * @cssproperty --eftpay-min-height - Space reserved while loading, so the page does not jump.
 *
 * @cssstate loading - Loading configuration and session.
 * @cssstate idle - Choices shown.
 * @cssstate pending - Starting the chosen payment.
 * @cssstate redirecting - Navigating to the wallet.
 * @cssstate awaiting-scan - Showing a QR code and waiting for the payment.
 * @cssstate checking - Back from the wallet, waiting for the final state.
 * @cssstate succeeded - Paid.
 * @cssstate failed - The payment failed.
 * @cssstate cancelled - The shopper cancelled.
 * @cssstate expired - The session or payment expired.
 * @cssstate error - The signer could not be used.
 */
export class EftpayButton extends LitElement {
  static override styles = styles

  // `static properties` rather than decorators: the decorator helpers cost bytes in the script-tag
  // file (12 kB budget), and the element declares the same reactive properties either way.
  static override properties = {
    pay: { state: true },
    loaded: { state: true },
    loadError: { state: true },
    signer: {},
    clientSecret: { attribute: 'client-secret' },
    sku: {},
    quantity: { type: Number },
    sessionId: { attribute: 'session-id' },
    wallets: {},
    lang: {},
    theme: { reflect: true },
    layout: { reflect: true },
    pollInterval: { attribute: 'poll-interval', type: Number },
  }

  // Non-reactive members are ES `#private`: the minifier shortens those names (12 kB budget).
  readonly #localize = new LocalizeController(this)
  readonly #poller = new PollController(this)
  readonly #clock = new PollController(this)
  readonly #internals: ElementInternals | undefined = this.attachInternals?.()
  #loading: AbortController | undefined
  #qr: typeof import('../internal/qr.js') | undefined
  #focusAfterUpdate: string | undefined

  private pay: PaymentState = { status: 'idle' }
  private loaded: Loaded | undefined
  private loadError: EftpayApiError | undefined

  /** Base URL of the merchant's signer service; empty for the page's own origin. */
  signer = ''

  /** The session's client secret from the merchant's backend (`cs_<id>_secret_<random>`). */
  clientSecret = ''

  /** Catalog product to buy when there is no client secret; the signer prices it. */
  sku = ''

  /** How many of `sku`. */
  quantity = 1

  /** Session to show the final state of on a return page (else `?session_id=` of the page URL). */
  sessionId = ''

  /** Narrows the signer's wallets to these codes (space or comma separated; `APPLEPAY` for Apple Pay). */
  wallets = ''

  /** Language: `en`, `zh-HK` or `zh-CN` (else the page's, then the browser's, then English). */
  override lang = ''

  /** Colour theme; `auto` follows the system. */
  theme: 'light' | 'dark' | 'auto' = 'auto'

  /** Wallets as a single column or a grid. */
  layout: 'list' | 'grid' = 'list'

  /** Milliseconds between status checks while waiting for a payment. */
  pollInterval = 2000

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#loading?.abort()
    this.#loading = undefined
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // Put back on the page after a load was aborted by leaving it: load again. (A wait for a payment
    // starts again by itself: PollController.hostConnected.)
    if (this.hasUpdated) this.requestUpdate()
  }

  override update(changed: PropertyValues): void {
    const focused = this.shadowRoot?.activeElement
    super.update(changed)
    // The focused control left with the state it belonged to (the QR code's back button when the
    // payment ends, a retry button): keep the keyboard here, on the line that says what happened.
    if (focused && !focused.isConnected) this.#focusAfterUpdate ??= '[part=status]'
  }

  override willUpdate(changed: PropertyValues): void {
    // (Re)load when what identifies the session changes, or when put back on the page unloaded.
    // A newer load aborts the older one's requests (a small stand-in for @lit/task, which the
    // 12 kB script-tag budget could not afford).
    if (
      ['signer', 'clientSecret', 'sku', 'quantity', 'sessionId'].some((k) => changed.has(k)) ||
      (!this.#loading && !this.loaded)
    ) {
      this.#reload()
    }
  }

  override updated(): void {
    const name = this.loadError ? 'error' : this.loaded ? this.pay.status : 'loading'
    try {
      // Custom states (`:host(:state(succeeded))`) rather than classes on the host (STYLE.md 6).
      this.#internals!.states.clear()
      this.#internals!.states.add(name)
    } catch {
      // Engines without CustomStateSet: the states are a styling nicety only.
    }
    if (this.#focusAfterUpdate)
      this.renderRoot.querySelector<HTMLElement>(this.#focusAfterUpdate)?.focus()
    this.#focusAfterUpdate = undefined
  }

  #reload(): void {
    this.#loading?.abort()
    this.#stopWaiting()
    const ac = (this.#loading = new AbortController())
    this.loaded = this.loadError = undefined
    this.pay = { status: 'idle' }
    this.#load(ac.signal).then(
      (loaded) => !ac.signal.aborted && this.#ready(loaded),
      (error: unknown) => {
        if (!ac.signal.aborted) this.loadError = this.#emitError(error)
      },
    )
  }

  /** Loads config and session: a return page's session, the client secret's, or a new one for `sku`. */
  async #load(signal: AbortSignal): Promise<Loaded & { returning: boolean }> {
    const client = new SignerClient(this.signer)
    const device = detectDevice(readHints())
    const returnId = this.sessionId || new URLSearchParams(location.search).get('session_id')
    let secret = this.clientSecret
    let returning = false
    if (returnId) {
      // The return page's session: its secret from the attribute, or stored by the sku flow.
      const known = sessionIdOf(secret) === returnId ? secret : recallSecret(returnId)
      if (known) [secret, returning] = [known, true]
      else if (this.sessionId)
        throw fault('missing_client_secret', `No client secret for ${returnId}`)
    }
    const id = sessionIdOf(secret)
    if (secret && !id) throw fault('invalid_client_secret', 'Malformed client-secret')
    if (!secret && !this.sku) throw fault('missing_client_secret', 'Set client-secret or sku')
    const answers = Promise.all([
      client.config(device, signal),
      id
        ? client.session(id, secret, signal)
        : client.createSession(this.sku, this.quantity, signal),
      // A chunk that cannot be fetched costs the Apple Pay button only, not the whole widget.
      applePayAvailable() ? import('../checkout/apple-pay.js').catch(() => undefined) : undefined,
    ])
    // Warm the money formatter while the signer answers, not after (see formatMoney).
    formatMoney(this.#localize.t, '0', 'HKD')
    const [config, session, applePay] = await answers
    if (!id) rememberSecret(session.id, (secret = session.client_secret ?? ''))
    const only = this.wallets.toUpperCase().match(/\w+/g)
    const allowed = (w: string): boolean => !only || only.includes(w)
    return {
      client,
      config,
      session,
      secret,
      device,
      returning,
      wallets: config.wallets.filter((w): w is WalletCode => isWalletCode(w) && allowed(w)),
      applePay: config.apple_pay.enabled && allowed('APPLEPAY') ? applePay : undefined,
    }
  }

  #ready(loaded: Loaded & { returning: boolean }): void {
    this.loaded = loaded
    const { config, session, wallets, applePay } = loaded
    const { id, status, amount, currency } = session
    this.dispatchEvent(
      new EftpayReadyEvent({
        mode: config.mode,
        wallets,
        applePay: !!applePay,
        sessionId: id,
        status,
        amount,
        currency,
      }),
    )
    // A session already decided shows its outcome; a return page also shows its last attempt's.
    const outcome = outcomeOf(session)
    if (status !== 'open' || (loaded.returning && outcome !== 'none')) this.#settle(outcome)
  }

  /** Shows an outcome and tells the page; `pending` keeps checking the session until it is final. */
  #settle(outcome: Outcome, paymentId?: string, wallet?: WalletChoice): void {
    const { client, session, secret } = this.loaded!
    if (outcome === 'pending') {
      if (this.pay.status !== 'awaiting-scan') this.pay = { status: 'checking' }
      this.#poller.start(this.pollInterval, async (signal) => {
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
    this.#stopWaiting()
    if (outcome === 'none') return
    this.pay = { status: outcome }
    const sessionId = session.id
    this.dispatchEvent(
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

  #stopWaiting(): void {
    this.#poller.stop()
    this.#clock.stop()
  }

  #emitError(error: unknown): EftpayApiError {
    const e = error instanceof EftpayApiError ? error : fault('internal', String(error))
    this.dispatchEvent(
      new EftpayErrorEvent({
        code: e.code,
        message: e.message,
        retryable: e.retryable,
        status: e.status,
        param: e.param,
      }),
    )
    return e
  }

  #fail(error: unknown, retry?: () => void): void {
    this.#stopWaiting()
    const e = this.#emitError(error)
    this.pay = { status: 'error', error: e, retry: e.retryable ? retry : undefined }
    this.#focusAfterUpdate = '[part=retry]'
  }

  get #busy(): boolean {
    return this.pay.status === 'pending' || this.pay.status === 'redirecting'
  }

  /**
   * Starts a choice (a wallet or Apple Pay): announced and shown as pending, or ignored (undefined)
   * while another is under way, so a double click never starts two payments.
   */
  #choose(wallet: WalletChoice): Loaded | undefined {
    if (this.#busy) return
    this.dispatchEvent(new EftpaySelectEvent({ wallet, sessionId: this.loaded!.session.id }))
    this.pay = { status: 'pending', wallet }
    return this.loaded
  }

  /** The shopper left a payment: from the QR code (back to the wallet chosen) or the Apple Pay sheet. */
  #cancel(wallet: WalletChoice, source: 'qr-code' | 'apple-pay'): void {
    this.#stopWaiting()
    this.pay = { status: 'cancelled' }
    this.#focusAfterUpdate = `[data-wallet=${wallet}]`
    this.dispatchEvent(
      new EftpayCancelEvent({ sessionId: this.loaded!.session.id, wallet, source }),
    )
  }

  async #handleWallet(wallet: WalletCode): Promise<void> {
    const loaded = this.#choose(wallet)
    if (!loaded) return
    const { session, secret, client, device } = loaded
    const sessionId = session.id
    try {
      const payment = await client.post<Payment>(sessionId, secret, 'payments', {
        wallet,
        device,
        lang: this.#localize.lang,
      })
      const next = payment.next_action
      if (!next) return this.#settle(payment.status, payment.id, wallet)
      const { url } = next
      const detail = { wallet, url, paymentId: payment.id, sessionId }
      if (next.type === 'qr_code') {
        // The QR chunk sits beside the script-tag file; if it cannot be fetched, a retry may help.
        this.#qr ??= await import('../internal/qr.js').catch(() => {
          throw new EftpayApiError({
            code: 'network_error',
            message: 'QR code module not loaded',
            retryable: true,
            status: 0,
          })
        })
        const expiresAt = payment.expires_at
        this.pay = { status: 'awaiting-scan', wallet, url, paymentId: payment.id, expiresAt }
        this.#focusAfterUpdate = '[part=back]'
        this.dispatchEvent(new EftpayQrcodeEvent({ ...detail, expiresAt }))
        this.#settle('pending', payment.id, wallet)
        // Re-render once a second for the countdown.
        this.#clock.start(1000, async () => (this.requestUpdate(), false))
        return
      }
      this.pay = { status: 'redirecting', wallet, url }
      // Back from the wallet with the browser's Back button, the page can come out of the
      // back-forward cache as it was left: frozen in `redirecting`, every choice disabled. Load
      // again instead (the session may even be paid). Only a restore fires `pageshow` on this page;
      // when the page took the navigation over, the listener may outlive the element: check first.
      addEventListener('pageshow', () => this.isConnected && this.#reload(), { once: true })
      // Cancelable so a single-page app can navigate itself.
      if (this.dispatchEvent(new EftpayRedirectEvent(detail))) location.assign(url)
    } catch (error) {
      this.#fail(error, () => void this.#handleWallet(wallet))
    }
  }

  #handleApplePay(): void {
    const loaded = this.#choose('APPLEPAY')
    if (!loaded) return
    const idle = (): void => void (this.pay = { status: 'idle' })
    const onOutcome = (o: ApplePayOutcome): void =>
      o.status === 'error'
        ? this.#fail(o.error, idle)
        : o.status === 'cancelled'
          ? this.#cancel('APPLEPAY', 'apple-pay')
          : this.#settle(o.status, o.payment.id, 'APPLEPAY')
    try {
      // Synchronous up to `begin()`: Safari opens the sheet only inside the click's user gesture.
      loaded.applePay!.startApplePay({ ...loaded, clientSecret: loaded.secret, onOutcome })
    } catch (error) {
      this.#fail(fault('apple_pay_error', String(error)), idle)
    }
  }

  #statusText(): string {
    const { t } = this.#localize
    const p = this.pay
    const name = (w: WalletChoice): string => (w === 'APPLEPAY' ? 'Apple Pay' : walletName(t, w))
    if (this.loadError || p.status === 'error') return t.error
    if (!this.loaded) return t.loading
    if (p.status === 'idle') return t.choose
    if (p.status === 'pending') return t.working(name(p.wallet))
    if (p.status === 'redirecting') return t.redirecting(name(p.wallet))
    if (p.status === 'awaiting-scan') return t.scan(name(p.wallet))
    return t[p.status === 'succeeded' ? 'paid' : p.status]
  }

  #renderChoices(loaded: Loaded): TemplateResult {
    const { t } = this.#localize
    const busy = String(this.#busy)
    return html`<ul part="wallet-list" aria-label=${t.choose}>
      ${
        loaded.applePay
          ? html`<li><button part="apple-pay" aria-disabled=${busy} @click=${this.#handleApplePay}>${t.applePay}</button></li>`
          : nothing
      }
      ${loaded.wallets.map((w) => {
        const [colour, letters] = MARKS[w]
        return html`<li><button part="wallet" data-wallet=${w} aria-disabled=${busy} @click=${() => this.#handleWallet(w)}>
          <svg part="wallet__icon" viewBox="0 0 24 24" aria-hidden="true">${svg`<rect width="24" height="24" rx="6"
            fill=${colour}/><text x="12" y="16" fill="#fff" font-size="11" font-weight="700" text-anchor="middle">${letters}</text>`}</svg>
          <span part="wallet__label">${walletName(t, w)}</span>
        </button></li>`
      })}
    </ul>`
  }

  #renderBody(loaded: Loaded): TemplateResult {
    const { t } = this.#localize
    const p = this.pay
    if (p.status === 'awaiting-scan') {
      return this.#qr!.renderScan(t, walletName(t, p.wallet), p.url, p.expiresAt, () =>
        this.#cancel(p.wallet, 'qr-code'),
      )
    }
    const open =
      loaded.session.status === 'open' && !['succeeded', 'expired', 'checking'].includes(p.status)
    return html`${p.status === 'error' && p.retry ? this.#renderRetry(p.retry) : nothing}
      ${open ? this.#renderChoices(loaded) : nothing}`
  }

  #renderRetry(retry: () => void): TemplateResult {
    return html`<button part="retry" @click=${retry}>${this.#localize.t.retry}</button>`
  }

  override render(): TemplateResult {
    const { t } = this.#localize
    const { loaded, loadError } = this
    return html`<div part="base" lang=${t.$code} aria-busy=${String(!loaded && !loadError)}>
      ${loaded?.config.mode === 'sandbox' ? html`<p part="banner">${t.sandbox}</p>` : nothing}
      ${
        loaded
          ? html`<p>${t.total}: ${formatMoney(t, loaded.session.amount, loaded.session.currency)}</p>${this.#renderBody(loaded)}`
          : loadError
            ? loadError.retryable
              ? this.#renderRetry(() => this.#reload())
              : nothing
            : html`<div class="skeleton"></div><div class="skeleton"></div>`
      }
      <p part="status" role="status" aria-live="polite" tabindex="-1">${this.#statusText()}</p>
    </div>`
  }
}
