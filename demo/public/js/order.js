import {
  api,
  configureWidget,
  h,
  initChrome,
  knownSecret,
  money,
  onLangChange,
  tr,
} from './common.js'
import { mountEventLog, mountGatewayPanel } from './panels.js'

/**
 * The success and cancel pages. The signer's return route sends the shopper here with
 * `session_id` added (docs/api.md "POST /v1/gateway/return/{session_id}"); the widget, given that id, shows the session's final
 * state, and the receipt below comes from the shop's own backend, which asks the signer with the
 * API key. A notification may land a moment after the shopper does, so an open order is asked
 * about again for a little while.
 */

const signerUrl = document.querySelector('meta[name="eftpay-signer"]').content
const outcome = document.body.dataset.outcome
const sessionId = new URLSearchParams(location.search).get('session_id') ?? ''
let order

function renderReceipt() {
  const box = document.getElementById('receipt')
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(sessionId)) {
    box.replaceChildren(h('p', { class: 'muted' }, tr('receipt.missing')))
    return
  }
  if (!order) return
  const row = (key, value, attrs = {}) => [h('dt', {}, tr(key)), h('dd', attrs, value)]
  box.replaceChildren(
    ...row(
      'receipt.status',
      h('span', { class: `status status-${order.status}` }, tr(`status.${order.status}`)),
      { 'data-status': order.status },
    ),
    ...row('receipt.amount', money(order.amount, order.currency)),
    ...(order.body ? row('receipt.items', order.body) : []),
    ...(order.wallet && order.status !== 'open' ? row('receipt.wallet', order.wallet) : []),
    ...(order.reference ? row('receipt.reference', order.reference) : []),
  )
  if (outcome === 'success') {
    const paid = ['paid', 'refunded', 'partially_refunded'].includes(order.status)
    const title = document.getElementById('result-title')
    title.dataset.i18n = paid
      ? 'success.title'
      : order.status === 'open'
        ? 'success.pending'
        : 'success.notpaid'
    title.textContent = tr(title.dataset.i18n)
    document.getElementById('result-text').textContent = paid ? tr('success.text') : ''
  }
}

async function poll() {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      order = await api(`/api/orders/${encodeURIComponent(sessionId)}`)
      renderReceipt()
      if (order.status !== 'open') return
    } catch {
      // The signer may be restarting; ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, 1500))
  }
}

function main() {
  initChrome()
  const refreshGateway = mountGatewayPanel(document.getElementById('gateway-log'))
  mountEventLog(document.getElementById('event-log'), refreshGateway)
  onLangChange(renderReceipt)
  if (/^[A-Za-z0-9_-]{1,100}$/.test(sessionId)) {
    // Only with the session's secret: without it the widget could only show an error (a link opened
    // in another tab); the receipt below, from our backend, still tells the order's state.
    const secret = knownSecret(sessionId)
    if (secret) {
      const button = h('eftpay-button', {
        id: 'status-button',
        signer: signerUrl,
        'session-id': sessionId,
        'client-secret': secret,
      })
      configureWidget(button)
      document.getElementById('status-slot').replaceChildren(button)
    }
    poll()
  }
}

main()
