import { api, h, initChrome, money, onLangChange, tr } from './common.js'

/**
 * The merchant view: the orders the shop's backend knows of, their status as the signer reports
 * it, the webhooks received, and a refund button (a full refund of what is left, through the
 * signer's `POST /v1/refunds` with the API key, on the server).
 */

let data = { orders: [], events: [] }
const busy = new Set()

const REFUNDABLE = new Set(['paid', 'partially_refunded'])

function renderRows() {
  const lang = document.documentElement.lang
  const rows = document.getElementById('order-rows')
  if (data.orders.length === 0) {
    rows.replaceChildren(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, tr('merchant.empty'))))
  } else {
    rows.replaceChildren(
      ...data.orders.map((o) =>
        h(
          'tr',
          { 'data-session-id': o.id, 'data-status': o.status },
          h(
            'td',
            {},
            h('time', { datetime: o.created_at }, new Date(o.created_at).toLocaleString(lang)),
          ),
          h(
            'td',
            {},
            h('strong', {}, o.reference ?? o.subject ?? o.id),
            h('br'),
            h('small', { class: 'muted' }, `${o.body ?? ''}`),
            h('br'),
            h('small', { class: 'muted' }, `${o.id} · ${tr(`merchant.source.${o.source}`)}`),
          ),
          h(
            'td',
            { class: 'num' },
            o.amount ? money(o.amount, o.currency) : '–',
            o.amount_refunded && o.amount_refunded !== '0.00'
              ? h('small', { class: 'muted block' }, `−${money(o.amount_refunded, o.currency)}`)
              : '',
          ),
          h(
            'td',
            { 'data-wallet': o.wallet ?? '' },
            o.wallet ?? '–',
            o.service ? h('small', { class: 'muted block' }, o.service) : '',
          ),
          h('td', {}, h('span', { class: `status status-${o.status}` }, tr(`status.${o.status}`))),
          h(
            'td',
            {},
            REFUNDABLE.has(o.status)
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'btn btn-small',
                    'data-action': 'refund',
                    'aria-label': tr('merchant.refund.label', { id: o.reference ?? o.id }),
                    disabled: busy.has(o.id),
                    onclick: () => refund(o),
                  },
                  busy.has(o.id) ? tr('merchant.refunding') : tr('merchant.refund'),
                )
              : '',
          ),
        ),
      ),
    )
  }
  const log = document.getElementById('webhook-log')
  log.replaceChildren(
    ...(data.events.length === 0
      ? [h('li', { class: 'log-empty' }, tr('merchant.events.empty'))]
      : data.events.map((e) =>
          h(
            'li',
            { class: 'log-item' },
            h(
              'time',
              { datetime: e.received_at },
              new Date(e.received_at).toLocaleTimeString(lang),
            ),
            h('code', { class: 'log-type' }, e.type),
            h('code', { class: 'log-detail' }, e.session_id ?? ''),
          ),
        )),
  )
}

async function refund(order) {
  busy.add(order.id)
  renderRows()
  const note = document.getElementById('merchant-note')
  try {
    const { refund: r } = await api(`/api/orders/${encodeURIComponent(order.id)}/refund`, {
      method: 'POST',
      body: '{}',
    })
    note.textContent = tr('merchant.refunded', {
      amount: r.amount,
      id: order.reference ?? order.id,
      status: r.status,
    })
  } catch (err) {
    note.textContent = tr('merchant.refund.error', {
      message: err instanceof Error ? err.message : String(err),
    })
  } finally {
    busy.delete(order.id)
    await refresh()
  }
}

async function refresh() {
  try {
    data = await api('/api/orders')
    renderRows()
  } catch {
    // Keep the last list; the next tick tries again.
  }
}

initChrome()
onLangChange(renderRows)
refresh()
setInterval(() => {
  if (!document.hidden) refresh()
}, 3000)
