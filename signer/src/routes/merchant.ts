import type { Hono } from 'hono'
import type { Core } from '../domain/context.js'
import type { AppDeps, AppEnv } from './deps.js'
import { eventRoutes } from './events.js'
import { paymentListRoutes, refundListRoutes, sessionListRoutes } from './lists.js'
import { reportRoutes } from './reports.js'

/**
 * Mounts the merchant lists, reports and console actions (docs/api.md "Lists and cursors" and the
 * sections after it): everything that reads or acts through the money core directly.
 */
export function merchantListRoutes(app: Hono<AppEnv>, deps: AppDeps, core: Core): void {
  app.route('/v1/sessions', sessionListRoutes(deps, core))
  app.route('/v1/payments', paymentListRoutes(deps, core))
  app.route('/v1/refunds', refundListRoutes(deps, core))
  app.route('/v1/events', eventRoutes(deps, core))
  app.route('/v1/reports', reportRoutes(deps, core))
}
