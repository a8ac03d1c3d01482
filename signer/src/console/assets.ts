import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import type { ConsoleEnv } from './context.js'

/**
 * The console's built front end (the `console/` package, `pnpm --dir console build`): `index.html`
 * for every page path (the screens route in the browser) and the hashed files under `/assets/`,
 * cached for good. Read once at start. The strict CSP is server.ts's: the build has no inline
 * script or style.
 */

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
}

/** Beside the bundle (`dist/console`), else the workspace's `console/dist`. */
export function findConsoleAssets(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [join(here, 'console'), join(here, '..', '..', '..', 'console', 'dist')]
  return candidates.find((dir) => existsSync(join(dir, 'index.html')))
}

export function assetRoutes(dir: string | undefined): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()
  if (!dir) return app
  const index = readFileSync(join(dir, 'index.html'), 'utf8')
  const files = new Map<string, Uint8Array>()
  const assets = join(dir, 'assets')
  if (existsSync(assets))
    for (const name of readdirSync(assets)) files.set(name, readFileSync(join(assets, name)))

  app.get('/assets/:name', (c) => {
    const name = c.req.param('name')
    const body = files.get(name)
    if (!body) return c.notFound()
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream',
      'Cache-Control': 'public, max-age=31536000, immutable',
    })
  })
  // Page paths (no dot, not the API): the one page; the screen is chosen in the browser.
  app.get('*', (c, next) => {
    if (c.req.path.startsWith('/console/api') || c.req.path.includes('.')) return next()
    return c.html(index, 200, { 'Cache-Control': 'no-cache' })
  })
  return app
}
