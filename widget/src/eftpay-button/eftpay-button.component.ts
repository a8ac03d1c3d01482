import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit'
import type { WalletChoice } from '../api/wallets.js'
import type { Loaded, PaymentState } from '../checkout/state.js'
import { CheckoutController } from '../controllers/checkout-controller.js'
import type { ClockController } from '../controllers/clock-controller.js'
import { LocalizeController } from '../controllers/localize-controller.js'
import { formatMoney, walletName } from '../internal/locale.js'
import { MARKS } from '../internal/wallet-marks.js'
import type { Translation } from '../translations/translation.js'
import styles from './eftpay-button.styles.js'

/** The text of each state's status line: the translation named as the state, except these. */
const STATUS_TEXT = {
  idle: 'choose',
  pending: 'working',
  'awaiting-scan': 'scan',
  succeeded: 'paid',
}
type StatusText = Exclude<keyof Translation, '$code' | 'wallets'>

/** Milliseconds of loading before the skeleton is shown. */
const SKELETON_DELAY = 300

/**
 * @tagname eftpay-button
 * @summary eftPay wallets, Apple Pay and Google Pay for one checkout session: a merchant drops it into any page.
 *
 * @event {EftpayReadyEvent} eftpay-ready - Configuration and session loaded, choices shown.
 * @event {EftpaySelectEvent} eftpay-select - The shopper chose a wallet, Apple Pay or Google Pay.
 * @event {EftpayRedirectEvent} eftpay-redirect - About to navigate to the wallet; cancelable.
 * @event {EftpayQrcodeEvent} eftpay-qrcode - A QR code is shown to scan with a phone.
 * @event {EftpaySuccessEvent} eftpay-success - The session is paid.
 * @event {EftpayFailureEvent} eftpay-failure - A payment failed or expired.
 * @event {EftpayCancelEvent} eftpay-cancel - The shopper cancelled (QR code back, Apple Pay or Google Pay sheet closed).
 * @event {EftpayErrorEvent} eftpay-error - The signer could not be used; `detail.retryable` says if a retry may help.
 *
 * @csspart base - The wrapper of everything.
 * @csspart wallet-list - The list of wallet buttons.
 * @csspart wallet - Each wallet button (`data-wallet` holds the wallet code).
 * @csspart wallet__icon - The mark inside a wallet button.
 * @csspart wallet__label - The name inside a wallet button.
 * @csspart apple-pay - The Apple Pay button.
 * @csspart google-pay - The Google Pay button ("Buy with Google Pay").
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
  // file (12 kB gzip budget), and the element declares the same reactive properties either way.
  static override properties = {
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
  readonly #checkout = new CheckoutController(this, this.#localize)
  // Re-renders once a second while the QR code's countdown is shown; it comes with the QR chunk.
  #clock: ClockController | undefined
  readonly #internals: ElementInternals | undefined = this.attachInternals?.()
  /** The state whose focus move was made, so each new state moves the focus once. */
  #focused: PaymentState | undefined
  /** Set once loading has taken SKELETON_DELAY: the skeleton is shown from then on. */
  #slow = false
  #slowTimer: ReturnType<typeof setTimeout> | undefined

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

  /** Narrows the signer's wallets to these codes (space or comma separated; `APPLEPAY` for Apple Pay, `GOOGLEPAY` for Google Pay). */
  wallets = ''

  /** Language: `en`, `zh-HK` or `zh-CN` (else the page's, then the browser's, then English). */
  override lang = ''

  /** Colour theme; `auto` follows the system. */
  theme: 'light' | 'dark' | 'auto' = 'auto'

  /** Wallets as a single column or a grid. */
  layout: 'list' | 'grid' = 'list'

  /** Milliseconds between status checks while waiting for a payment. */
  pollInterval = 2000

  override update(changed: PropertyValues): void {
    const focused = this.shadowRoot?.activeElement
    const { state, loaded } = this.#checkout
    const { status } = state
    // The skeleton only for a load that takes a while: a fast one goes from the reserved space
    // straight to the wallets, without the placeholder's frames (its infinite animation repaints
    // the main thread in a browser that cannot composite it, as on a slow phone).
    if (status !== 'loading') {
      clearTimeout(this.#slowTimer)
      this.#slowTimer = undefined
      this.#slow = false
    } else if (!this.#slow)
      this.#slowTimer ??= setTimeout(() => {
        this.#slow = true
        this.requestUpdate()
      }, SKELETON_DELAY)
    super.update(changed)
    try {
      // Custom states (`:host(:state(succeeded))`) rather than classes on the host.
      this.#internals?.states.clear()
      this.#internals?.states.add(status)
    } catch {
      // Engines without CustomStateSet: the states are a styling nicety only.
    }
    // A new state takes the keyboard to its own control: the QR code's way back, the retry of a
    // payment, the wallet a QR code was left for. Else, when the focused control left with the
    // state it belonged to (the way back when the payment ends, a retry button), the keyboard stays
    // here, on the line that says what happened.
    const fresh = state !== this.#focused
    this.#focused = state
    const target =
      fresh && status === 'awaiting-scan'
        ? '[part=back]'
        : fresh && status === 'error' && loaded
          ? '[part=retry]'
          : fresh && status === 'cancelled'
            ? `[data-wallet=${state.wallet}]`
            : focused && !focused.isConnected && '[part=status]'
    if (target) this.renderRoot.querySelector<HTMLElement>(target)?.focus()
  }

  #statusText(): string {
    const { t } = this.#localize
    const p = this.#checkout.state
    const text = t[(STATUS_TEXT[p.status as keyof typeof STATUS_TEXT] ?? p.status) as StatusText]
    if (typeof text === 'string') return text
    return text(walletName(t, (p as { wallet: WalletChoice }).wallet))
  }

  #renderChoices(loaded: Loaded): TemplateResult {
    const { t } = this.#localize
    const checkout = this.#checkout
    const busy = String(checkout.busy)
    // Apple Pay and Google Pay last: the browser's checks answer after the wallets are shown, and
    // a button added below them moves none of them.
    return html`<ul part="wallet-list" aria-label=${t.choose}>
      ${loaded.wallets.map((w) => {
        const [colour, letters] = MARKS[w]
        return html`<li><button part="wallet" data-wallet=${w} aria-disabled=${busy} @click=${() => checkout.pay(w)}>
          <svg part="wallet__icon" viewBox="0 0 24 24" aria-hidden="true"><rect width="24" height="24" rx="6"
            fill=${colour}/><text x="12" y="16" fill="#fff" font-size="11" font-weight="700" text-anchor="middle">${letters}</text></svg>
          <span part="wallet__label">${walletName(t, w)}</span>
        </button></li>`
      })}
      ${
        loaded.applePay
          ? html`<li><button part="apple-pay" aria-disabled=${busy} @click=${() => checkout.payWithSheet('APPLEPAY')}>${t.applePay}</button></li>`
          : nothing
      }
      ${loaded.googlePay ? html`<li>${loaded.googlePay.googlePayButton(t.$code, checkout.busy, () => checkout.payWithSheet('GOOGLEPAY'))}</li>` : nothing}
    </ul>`
  }

  #renderBody(loaded: Loaded): TemplateResult {
    const { t } = this.#localize
    const checkout = this.#checkout
    const p = checkout.state
    // The QR chunk is loaded before the state becomes `awaiting-scan` (checkout-controller.ts).
    const { qr } = checkout
    if (p.status === 'awaiting-scan' && qr) {
      this.#clock ??= qr.scanClock(this, checkout)
      return qr.renderScan(t, walletName(t, p.wallet), p.url, p.expiresAt, () =>
        checkout.cancel(p.wallet, 'qr-code'),
      )
    }
    const open =
      loaded.session.status === 'open' && !['succeeded', 'expired', 'checking'].includes(p.status)
    return html`${this.#renderRetry()}${open ? this.#renderChoices(loaded) : nothing}`
  }

  /** The retry button, when the error shown is one a retry may cure. */
  #renderRetry(): TemplateResult | typeof nothing {
    const p = this.#checkout.state
    return p.status === 'error' && p.retry
      ? html`<button part="retry" @click=${p.retry}>${this.#localize.t.retry}</button>`
      : nothing
  }

  override render(): TemplateResult {
    const { t } = this.#localize
    const { state, loaded } = this.#checkout
    return html`<div part="base" lang=${t.$code} aria-busy=${String(state.status === 'loading')}>
      ${loaded?.config.mode === 'sandbox' ? html`<p part="banner">${t.sandbox}</p>` : nothing}
      ${
        loaded
          ? html`<p>${t.total}: ${formatMoney(t, loaded.session.amount, loaded.session.currency)}</p>${this.#renderBody(loaded)}`
          : state.status === 'loading'
            ? this.#slow
              ? html`<div class="skeleton"></div><div class="skeleton"></div>`
              : nothing
            : this.#renderRetry()
      }
      <p part="status" role="status" aria-live="polite" tabindex="-1">${this.#statusText()}</p>
    </div>`
  }
}
