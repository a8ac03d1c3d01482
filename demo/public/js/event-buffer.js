/**
 * Hears the widget's events from the very first one. The demo loads the widget the way we tell
 * merchants to: an `async` module script in <head>, which runs as soon as it has arrived, so its
 * requests to the signer start before the page has even finished parsing, let alone run its own
 * module chain (shop.js → common.js, panels.js → i18n.js). Its first event can then come before
 * the page has mounted its event log. This tiny classic script sits above it in <head>: the
 * parser runs it before it reaches any <eftpay-button>, so it hears every event whatever order the
 * modules run in, keeps them, and panels.js takes them over through `globalThis.demoEventBuffer`.
 */
;(() => {
  const names = [
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
  for (const name of names) document.addEventListener(name, keep)

  globalThis.demoEventBuffer = {
    names,
    /** The events heard so far, oldest first; from now on the caller listens itself. */
    take() {
      for (const name of names) document.removeEventListener(name, keep)
      const taken = early
      early = []
      return taken
    },
  }
})()
