import { fromCents, toCents } from './cents.js'
import {
  api,
  configureWidget,
  h,
  initChrome,
  money,
  onLangChange,
  SECRET_KEY,
  tr,
} from './common.js'
import { mountEventLog, mountGatewayPanel } from './panels.js'

/**
 * The shop page: the menu, the cart and its session-style checkout. The catalog-style button for
 * today's set is a plain tag in index.html; this file only gives it the chosen language and theme.
 */

const CART_KEY = 'lokwah-demo-cart'
const signerUrl = document.querySelector('meta[name="eftpay-signer"]').content

/** @type {{ sku: string, price: string, currency: string, name: Record<string, string>, description: Record<string, string>, img: string }[]} */
let products = []
/** sku → quantity */
const cart = loadCart()
let checkout = { state: 'idle', message: '' }

function loadCart() {
  try {
    const saved = JSON.parse(localStorage.getItem(CART_KEY) ?? '{}')
    return saved && typeof saved === 'object' ? saved : {}
  } catch {
    return {}
  }
}

function saveCart() {
  localStorage.setItem(CART_KEY, JSON.stringify(cart))
}

const nameOf = (p, lang) => p.name[lang] ?? p.name.en

/** The cart total in integer cents, shown as a decimal string (no floats for money). */
function cartTotal() {
  let cents = 0n
  for (const [sku, qty] of Object.entries(cart)) {
    const p = products.find((x) => x.sku === sku)
    if (!p) continue
    cents += toCents(p.price) * BigInt(qty)
  }
  return fromCents(cents)
}

function changeQuantity(sku, delta) {
  const next = Math.max(0, Math.min(20, (cart[sku] ?? 0) + delta))
  if (next === 0) delete cart[sku]
  else cart[sku] = next
  saveCart()
  if (checkout.state === 'ready') checkout = { state: 'changed', message: '' }
  else if (checkout.state !== 'busy') checkout = { state: 'idle', message: '' }
  renderCart()
}

function renderMenu(lang) {
  const grid = document.getElementById('menu-grid')
  grid.replaceChildren(
    ...products
      .filter((p) => p.sku !== 'afternoon-set')
      .map((p) =>
        h(
          'li',
          { class: 'dish' },
          h('img', {
            src: `/assets/img/${p.img}.svg`,
            alt: '',
            width: 160,
            height: 120,
            loading: 'lazy',
          }),
          h(
            'div',
            { class: 'dish-text' },
            h('h3', {}, nameOf(p, lang)),
            h('p', { class: 'muted' }, p.description[lang] ?? p.description.en),
          ),
          h(
            'div',
            { class: 'dish-buy' },
            h('span', { class: 'price' }, money(p.price, p.currency)),
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-add',
                'data-sku': p.sku,
                'aria-label': tr('menu.add.label', { name: nameOf(p, lang) }),
                onclick: () => changeQuantity(p.sku, 1),
              },
              `+ ${tr('menu.add')}`,
            ),
          ),
        ),
      ),
  )
  const set = products.find((p) => p.sku === 'afternoon-set')
  if (set) document.getElementById('set-price').textContent = money(set.price, set.currency)
}

function renderCart() {
  const lang = document.documentElement.lang
  const lines = Object.entries(cart).filter(([sku]) => products.some((p) => p.sku === sku))
  const list = document.getElementById('cart-lines')
  const count = lines.reduce((n, [, q]) => n + q, 0)
  document.getElementById('cart-count').textContent = String(count)
  list.replaceChildren(
    ...(lines.length === 0
      ? [h('li', { class: 'muted cart-empty' }, tr('cart.empty'))]
      : lines.map(([sku, qty]) => {
          const p = products.find((x) => x.sku === sku)
          return h(
            'li',
            { class: 'cart-line', 'data-sku': sku },
            h('span', { class: 'cart-name' }, nameOf(p, lang)),
            h(
              'span',
              { class: 'stepper' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn-icon',
                  'aria-label': tr('cart.less', { name: nameOf(p, lang) }),
                  onclick: () => changeQuantity(sku, -1),
                },
                '−',
              ),
              h('output', { 'aria-live': 'polite' }, String(qty)),
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn-icon',
                  'aria-label': tr('cart.more', { name: nameOf(p, lang) }),
                  onclick: () => changeQuantity(sku, 1),
                },
                '+',
              ),
            ),
          )
        })),
  )
  document.getElementById('cart-total').textContent = money(cartTotal())
  const button = document.getElementById('checkout')
  button.disabled = lines.length === 0 || checkout.state === 'busy'
  button.textContent = checkout.state === 'busy' ? tr('cart.checking') : tr('cart.checkout')
  const note = document.getElementById('checkout-note')
  note.textContent =
    checkout.state === 'changed'
      ? tr('cart.changed')
      : checkout.state === 'error'
        ? tr('cart.error', { message: checkout.message })
        : ''
  const slot = document.getElementById('checkout-slot')
  if (checkout.state !== 'ready') slot.replaceChildren()
}

async function startCheckout() {
  const lines = Object.entries(cart).map(([sku, quantity]) => ({ sku, quantity }))
  if (lines.length === 0) return
  checkout = { state: 'busy', message: '' }
  renderCart()
  try {
    const session = await api('/api/checkout', { method: 'POST', body: JSON.stringify({ lines }) })
    checkout = { state: 'ready', message: '' }
    // For the success or cancel page this tab comes back to: its widget needs the secret to show the session.
    sessionStorage.setItem(SECRET_KEY + session.session_id, session.client_secret)
    renderCart()
    const button = h('eftpay-button', {
      id: 'cart-button',
      signer: signerUrl,
      'client-secret': session.client_secret,
      layout: 'grid',
    })
    configureWidget(button)
    document.getElementById('checkout-slot').replaceChildren(button)
  } catch (err) {
    checkout = { state: 'error', message: err instanceof Error ? err.message : String(err) }
    renderCart()
  }
}

async function main() {
  initChrome()
  const refreshGateway = mountGatewayPanel(document.getElementById('gateway-log'))
  mountEventLog(document.getElementById('event-log'), refreshGateway)
  document.getElementById('checkout').addEventListener('click', startCheckout)
  ;({ products } = await api('/api/products'))
  onLangChange((lang) => {
    renderMenu(lang)
    renderCart()
  })
}

main()
