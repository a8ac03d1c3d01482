import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * What the demo merchant knows about its orders: the sessions its backend created (session style)
 * and the ones it learned about from webhooks (catalog style, created by the widget in the
 * browser). The signer owns the truth; this list only remembers which session ids to show, plus
 * the webhook events received. Kept in a small JSON file next to the signer's database so a
 * restarted demo still lists yesterday's orders.
 */

const MAX_ORDERS = 200
const MAX_EVENTS = 100

/**
 * @typedef {{ id: string, source: 'session' | 'catalog', created_at: string, lines?: { sku: string, quantity: number }[] }} OrderRef
 * @typedef {{ id: string, type: string, session_id?: string, received_at: string }} EventRef
 */

/** @param {string} file */
export function createOrderBook(file) {
  /** @type {{ orders: OrderRef[], events: EventRef[] }} */
  let state = { orders: [], events: [] }
  try {
    state = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    // First run: nothing remembered yet.
  }

  function save() {
    mkdirSync(dirname(file), { recursive: true })
    const tmp = `${file}.tmp`
    writeFileSync(tmp, JSON.stringify(state))
    renameSync(tmp, file) // atomic on one file system: a crash never leaves half a file
  }

  return {
    /** Remembers a session once; newest first. @param {OrderRef} order */
    add(order) {
      if (state.orders.some((o) => o.id === order.id)) return
      state.orders.unshift(order)
      state.orders.length = Math.min(state.orders.length, MAX_ORDERS)
      save()
    },
    has: (id) => state.orders.some((o) => o.id === id),
    /** @returns {OrderRef[]} */
    list: () => [...state.orders],
    /** Records a verified webhook event; false when this event id was already seen (retries). */
    recordEvent(/** @type {EventRef} */ event) {
      if (state.events.some((e) => e.id === event.id)) return false
      state.events.unshift(event)
      state.events.length = Math.min(state.events.length, MAX_EVENTS)
      save()
      return true
    },
    events: () => [...state.events],
  }
}
