import { type Clock, systemClock } from '../contract/clock.js'
import type { GatewayClient } from '../gateway/client.js'
import type { Db } from '../store/db.js'
import { findSession } from '../store/sessions.js'
import { listNeedsAttention } from './attention.js'
import { type Core, type CoreLogger, type PaymentsOptions, silentLogger } from './context.js'
import { createIds, type IdFactory } from './ids.js'
import { handleNotification, handleReturn } from './notifications.js'
import { DISPATCH_LEASE_MS } from './payment-dispatch/decide-start.js'
import { reconcile } from './reconcile.js'
import { refreshPayment } from './refresh-payment.js'
import { createRefund, getRefund } from './refunds.js'
import { createSession, getSession } from './sessions.js'
import { createStartPayment } from './start-payment.js'
import { payWithWalletToken } from './token-payment.js'
import type { PaymentsService } from './types.js'

export interface PaymentsServiceDeps {
  db: Db
  gateway: GatewayClient
  clock?: Clock
  /** EFTPAY_SECRET; a list while rotating (the first signs our acknowledgements). */
  secret: string | readonly string[]
  userKey: string
  /** The signer's public base URL: notify_url and return_url are built from it. */
  publicUrl: string
  ids?: IdFactory
  logger?: CoreLogger
  options?: Partial<PaymentsOptions>
}

export const DEFAULT_OPTIONS: PaymentsOptions = {
  defaultSessionTtlSeconds: 1800,
  paymentActiveTimeSeconds: 900,
  reconcileAfterSeconds: 30,
  queryBackoffCapSeconds: 3600,
  dispatchLeaseMs: DISPATCH_LEASE_MS,
}

/**
 * The `PaymentsService` the HTTP layer calls (domain/types.ts). Everything touching money is behind
 * it: this builds the `Core` every part is given and wires one module per job to the interface.
 */
export function createPaymentsService(deps: PaymentsServiceDeps): PaymentsService & { core: Core } {
  const secrets = typeof deps.secret === 'string' ? [deps.secret] : [...deps.secret]
  if (secrets.length === 0) throw new Error('createPaymentsService needs the gateway secret')
  const core: Core = {
    db: deps.db,
    gateway: deps.gateway,
    clock: deps.clock ?? systemClock,
    ids: deps.ids ?? createIds(),
    logger: deps.logger ?? silentLogger,
    secrets,
    userKey: deps.userKey,
    publicUrl: deps.publicUrl.replace(/\/+$/, ''),
    options: { ...DEFAULT_OPTIONS, ...deps.options },
  }
  return {
    core,
    createSession: (input) => createSession(core, input),
    getSession: (id) => getSession(core, id),
    findSession: (id) => findSession(core.db, id),
    // Holds this process's PreOrders in flight, so one per service.
    startPayment: createStartPayment(core),
    payWithApplePay: (input) => payWithWalletToken(core, 'APPLEPAY', input),
    payWithGooglePay: (input) => payWithWalletToken(core, 'GOOGLEPAY', input),
    handleNotification: (payload) => handleNotification(core, payload),
    handleReturn: (sessionId, payload) => handleReturn(core, sessionId, payload),
    refreshPayment: (paymentId) => refreshPayment(core, paymentId),
    createRefund: (input) => createRefund(core, input),
    getRefund: (id) => getRefund(core, id),
    reconcile: () => reconcile(core),
    listNeedsAttention: () => listNeedsAttention(core),
  }
}
