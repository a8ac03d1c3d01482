import { api, h, onLangChange, tr } from './common.js'

/**
 * The two "under the hood" panels a developer watches while paying: every event the widgets fire
 * (kept across the trip to the pay page and back, in sessionStorage), and the last signed requests
 * the signer sent to the sandbox gateway with the replies it got (from the demo server, which asks
 * the signer; the secret is never part of it).
 */

/** The widget's event names and what it said before this module ran (event-buffer.js, a classic script). */
const { names: EVENT_NAMES, take: takeEarlyEvents } = globalThis.demoEventBuffer

export { EVENT_NAMES }

const STORE_KEY = 'lokwah-demo-events'
const MAX_EVENTS = 40

function loadEvents() {
  try {
    const list = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? '[]')
    return Array.isArray(list) ? list : []
  } catch {
    return []
  }
}

/** Shortens an event's detail for the log (a long wallet URL stays readable). */
function describe(detail) {
  let text
  try {
    text = JSON.stringify(detail ?? null, (_key, value) =>
      typeof value === 'string' && value.length > 120 ? `${value.slice(0, 117)}...` : value,
    )
  } catch {
    text = String(detail)
  }
  return text.length > 400 ? `${text.slice(0, 397)}...` : text
}

/** Mounts the live event log into `list` (an <ol>); returns a function that is called on each event. */
export function mountEventLog(list, onEvent = () => {}) {
  let events = loadEvents()
  const render = () => {
    list.replaceChildren(
      ...(events.length === 0
        ? [h('li', { class: 'log-empty' }, tr('dev.events.empty'))]
        : events.map((e) =>
            h(
              'li',
              { class: `log-item log-${e.type.replace('eftpay-', '')}` },
              h('time', { datetime: e.at }, new Date(e.at).toLocaleTimeString()),
              h('code', { class: 'log-type' }, e.type),
              h('code', { class: 'log-detail' }, e.detail),
            ),
          )),
    )
  }
  // Stored at once (a redirect may leave the page right after the event), drawn a task later: the
  // listener runs inside the widget's own dispatch, and the wallets should paint before the log.
  const pending = new Set()
  let scheduled = false
  const record = (type, at, detail) => {
    events = [{ type, at, detail: describe(detail) }, ...events].slice(0, MAX_EVENTS)
    sessionStorage.setItem(STORE_KEY, JSON.stringify(events))
    pending.add(type)
    if (scheduled) return
    scheduled = true
    setTimeout(() => {
      scheduled = false
      render()
      for (const name of pending) onEvent(name)
      pending.clear()
    })
  }
  // What the widget said before this page's script ran (event-buffer.js), then everything after.
  for (const e of takeEarlyEvents()) record(e.type, e.at, e.detail)
  for (const name of EVENT_NAMES) {
    document.addEventListener(name, (event) => record(name, new Date().toISOString(), event.detail))
  }
  onLangChange(render)
}

/** Mounts the gateway panel into `box`; it refreshes every few seconds and when asked. */
export function mountGatewayPanel(box) {
  let last = { exchanges: [] }
  const render = () => {
    if (last.unavailable) {
      box.replaceChildren(h('p', { class: 'muted' }, tr('dev.gateway.unavailable')))
      return
    }
    if (last.exchanges.length === 0) {
      box.replaceChildren(h('p', { class: 'muted' }, tr('dev.gateway.empty')))
      return
    }
    box.replaceChildren(
      ...last.exchanges.map((x, i) =>
        h(
          'details',
          { class: 'exchange', open: i === 0 },
          h(
            'summary',
            {},
            h('code', {}, x.service ?? x.servlet ?? 'request'),
            h(
              'span',
              { class: `pill ${x.error ? 'pill-bad' : 'pill-ok'}` },
              x.error ? 'error' : (x.reply?.return_status ?? 'ok'),
            ),
            h('span', { class: 'muted' }, `${x.ms ?? '?'} ms`),
          ),
          h(
            'div',
            { class: 'exchange-body' },
            h(
              'div',
              {},
              h('h4', {}, `${tr('dev.gateway.request')} → ${x.servlet ?? ''}`),
              h('pre', { tabindex: 0 }, JSON.stringify(x.request ?? {}, null, 2)),
            ),
            h(
              'div',
              {},
              h('h4', {}, tr('dev.gateway.reply')),
              h(
                'pre',
                { tabindex: 0 },
                x.error ? String(x.error) : JSON.stringify(x.reply ?? {}, null, 2),
              ),
            ),
          ),
        ),
      ),
    )
  }
  let inFlight = false
  const refresh = async () => {
    if (inFlight || document.hidden) return
    inFlight = true
    try {
      const next = await api('/api/gateway-log?limit=5')
      // Re-render only on change, so an open <details> the reader is looking at stays put.
      if (JSON.stringify(next) !== JSON.stringify(last)) {
        last = next
        render()
      }
    } catch {
      // The next tick tries again.
    } finally {
      inFlight = false
    }
  }
  onLangChange(render)
  refresh()
  setInterval(refresh, 3000)
  return refresh
}
