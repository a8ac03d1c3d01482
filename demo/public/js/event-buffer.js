/**
 * Hears the widget's events from the very first one. The demo loads the widget the way we tell
 * merchants to: its script first, so its requests to the signer start as soon as it has arrived,
 * not after the page's own module chain (shop.js → common.js, panels.js → i18n.js). Its first event
 * can then come before the page has mounted its event log; this tiny module runs before the widget
 * (module scripts run in document order), keeps what it hears, and the log takes it over.
 */

export const EVENT_NAMES = [
  'eftpay-ready',
  'eftpay-select',
  'eftpay-redirect',
  'eftpay-qrcode',
  'eftpay-success',
  'eftpay-failure',
  'eftpay-cancel',
  'eftpay-error',
]

/** @type {{ type: string, at: string, detail: unknown }[]} */
let early = []

const keep = (event) =>
  early.push({ type: event.type, at: new Date().toISOString(), detail: event.detail })
for (const name of EVENT_NAMES) document.addEventListener(name, keep)

/** The events heard so far, oldest first; from now on the caller listens itself. */
export function takeEarlyEvents() {
  for (const name of EVENT_NAMES) document.removeEventListener(name, keep)
  const taken = early
  early = []
  return taken
}
