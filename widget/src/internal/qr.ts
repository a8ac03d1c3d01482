import { correction, generate } from 'lean-qr/nano'
import { html, nothing, type ReactiveControllerHost, svg, type TemplateResult } from 'lit'
import type { PaymentState } from '../checkout/state.js'
import { ClockController } from '../controllers/clock-controller.js'
import type { Translation } from '../translations/translation.js'

// Loaded lazily when a wallet answers with a QR code: what only a QR code needs (the encoder, the
// view and the clock of its countdown) stays out of the script-tag file's 12 kB gzip budget
// (widget/README.md, "Builds").

/** The quiet zone around a QR code, in modules (ISO/IEC 18004 asks for 4). */
const QUIET = 4

/**
 * Encodes `text` as a QR code and returns its size in modules (quiet zone included) and one SVG
 * path of its dark modules, one rectangle per horizontal run. Built as SVG in the DOM, not as a
 * `data:` image, so a page's `img-src 'self'` Content-Security-Policy does not block it.
 */
export function qrPath(text: string): { size: number; d: string } {
  const code = generate(text, { minCorrectionLevel: correction.M })
  let d = ''
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.get(x, y)) continue
      const start = x
      while (code.get(x + 1, y)) x++
      const run = x - start + 1
      d += `M${start + QUIET} ${y + QUIET}h${run}v1h-${run}z`
    }
  }
  return { size: code.size + 2 * QUIET, d }
}

let last: { text: string; size: number; d: string } | undefined

/**
 * The QR code as an accessible inline SVG (`part="qr"`), dark on light whatever the theme. The code
 * of the last text is kept, since the countdown re-renders it every second.
 */
export function renderQr(text: string, label: string): TemplateResult {
  if (last?.text !== text) last = { text, ...qrPath(text) }
  const { size, d } = last
  return html`<svg part="qr" class="qr" role="img" aria-label=${label} viewBox="0 0 ${size} ${size}"
    shape-rendering="crispEdges">${svg`<rect width=${size} height=${size} fill="#fff"/><path d=${d} fill="#000"/>`}</svg>`
}

/** Formats the time left until `expiresAt` as `m:ss` (never negative). */
export function timeLeft(expiresAt: string, now: number): string {
  const s = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** The QR code view: the code, the countdown to its expiry, and the way back (`part="back"`). */
export function renderScan(
  t: Translation,
  wallet: string,
  url: string,
  expiresAt: string | undefined,
  back: () => void,
): TemplateResult {
  return html`${renderQr(url, t.qr(wallet))}
    ${expiresAt ? html`<p>${t.expiresIn(timeLeft(expiresAt, Date.now()))}</p>` : nothing}
    <button part="back" @click=${back}>${t.back}</button>`
}

/** The clock of the countdown: re-renders `host` every second while its checkout shows a QR code. */
export function scanClock(
  host: ReactiveControllerHost,
  checkout: { readonly state: PaymentState },
): ClockController {
  return new ClockController(host, () => checkout.state.status === 'awaiting-scan')
}
