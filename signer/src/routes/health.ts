import { Hono } from 'hono'
import type { AppDeps, AppEnv } from './deps.js'

/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the store answers), for
 * the container's HEALTHCHECK and a load balancer. Neither says anything about configuration.
 */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/healthz', (c) => c.json({ status: 'ok', mode: deps.config.mode }))
  app.get('/readyz', async (c) => {
    try {
      await deps.readiness?.()
      return c.json({ status: 'ready' })
    } catch (error) {
      c.get('log').error(
        { err: { name: (error as Error).name, message: (error as Error).message } },
        'store not ready',
      )
      return c.json({ status: 'unavailable', message: 'The store does not answer.' }, 503)
    }
  })
  app.get('/metrics', async (c) => {
    if (!deps.metrics) return c.text('# metrics disabled\n', 200)
    return c.body(await deps.metrics.registry.metrics(), 200, {
      'Content-Type': deps.metrics.registry.contentType,
    })
  })
  return app
}
