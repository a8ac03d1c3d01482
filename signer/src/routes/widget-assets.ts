import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import type { Config } from '../config/index.js'
import type { Logger } from '../observability/logger.js'

/**
 * The widget's script-tag build, served by the signer for storefronts on other origins
 * (docs/api.md "Widget files", docs/deploy.md "Serving the widget"):
 *
 *   GET /widget/eftpay-button.js            the entry; short cache (it changes with each upgrade)
 *   GET /widget/eftpay-button.<chunk>.js    its lazy chunks (QR code, Apple Pay), beside it
 *   GET /widget/<version>/eftpay-button…js  the same files at a path that never changes: immutable
 *
 * Module scripts from another origin are fetched in CORS mode, so each file carries
 * `Access-Control-Allow-Origin: *` (public files, no credentials) and
 * `Cross-Origin-Resource-Policy: cross-origin` (for storefronts that set COEP).
 *
 * Where the files are: beside the bundle in `dist/widget/` (the npm package and the container;
 * scripts/bundle.mjs copies them there), else the workspace's `widget/dist/` (a development
 * checkout running the TypeScript source).
 */

const FILE_NAME = /^eftpay-button(\.[\w-]+)?\.js$/
const IMMUTABLE = 'public, max-age=31536000, immutable'
const SHORT = 'public, max-age=300'

export interface WidgetFile {
  body: Uint8Array
  /** `sha384-<base64>` for the `integrity` attribute. */
  integrity: string
}

export interface WidgetAssets {
  /** The folder the files were read from. */
  dir: string
  /** The widget package's version: the segment of the immutable path. */
  version: string
  files: ReadonlyMap<string, WidgetFile>
}

/** Candidate folders, most specific first; see the module comment. */
function candidateDirs(): string[] {
  const here = dirname(fileURLToPath(import.meta.url))
  return [join(here, 'widget'), join(here, '..', '..', '..', 'widget', 'dist')]
}

/** Reads the script-tag files once; `undefined` when no build is found (the routes then 404). */
export function loadWidgetAssets(
  dirs: readonly string[] = candidateDirs(),
): WidgetAssets | undefined {
  const dir = dirs.find((d) => existsSync(join(d, 'eftpay-button.js')))
  if (!dir) return undefined
  const files = new Map<string, WidgetFile>()
  for (const name of readdirSync(dir).filter((n) => FILE_NAME.test(n))) {
    const body = readFileSync(join(dir, name))
    files.set(name, {
      body,
      integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`,
    })
  }
  return { dir, version: widgetVersion(dir), files }
}

/**
 * `version.txt` beside copied files (scripts/bundle.mjs writes it), else the workspace widget's
 * package.json, else a hash of the entry: a path that is cached forever must change with content.
 */
function widgetVersion(dir: string): string {
  const stamp = join(dir, 'version.txt')
  if (existsSync(stamp)) return readFileSync(stamp, 'utf8').trim()
  const pkg = join(dir, '..', 'package.json')
  if (existsSync(pkg)) {
    const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string }
    if (parsed.name === '@eftpay/button' && parsed.version) return parsed.version
  }
  const entry = readFileSync(join(dir, 'eftpay-button.js'))
  return createHash('sha256').update(entry).digest('hex').slice(0, 12)
}

/** The `/widget` routes; mount with `app.route('/widget', widgetAssetRoutes())`. */
export function widgetAssetRoutes(assets: WidgetAssets | null = loadWidgetAssets() ?? null) {
  const app = new Hono()
  const serve = (name: string, cacheControl: string) => {
    const file = assets?.files.get(name)
    if (!file) return undefined
    return new Response(file.body, {
      headers: {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': cacheControl,
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'X-Content-Type-Options': 'nosniff',
      },
    })
  }
  const missing = (path: string) =>
    Response.json(
      {
        error: {
          type: 'invalid_request_error',
          code: 'not_found',
          message: assets
            ? `There is no widget file ${path}. The files are eftpay-button.js and its chunks, under /widget/ or /widget/${assets.version}/.`
            : 'This signer has no widget build to serve: build widget/ (pnpm --filter @eftpay/button build) or use the packaged signer.',
        },
      },
      { status: 404, headers: { 'Access-Control-Allow-Origin': '*' } },
    )
  app.get('/:name', (c) => serve(c.req.param('name'), SHORT) ?? missing(c.req.path))
  app.get('/:version/:name', (c) =>
    c.req.param('version') === assets?.version
      ? (serve(c.req.param('name'), IMMUTABLE) ?? missing(c.req.path))
      : missing(c.req.path),
  )
  return app
}

/**
 * What a storefront adds: the script tag (versioned path, with SRI) and the CSP sources. With
 * Google Pay, `https://google.com/pay` too: Chrome fetches the payment method's manifest from there
 * when the widget asks whether Google Pay can pay (widget/README.md).
 */
export function widgetSnippet(
  publicUrl: string,
  assets: WidgetAssets,
  googlePay = false,
): {
  scriptTag: string
  csp: string
} {
  const origin = new URL(publicUrl).origin
  const entry = assets.files.get('eftpay-button.js')
  const src = `${publicUrl}/widget/${assets.version}/eftpay-button.js`
  return {
    scriptTag: `<script type="module" src="${src}" integrity="${entry?.integrity ?? ''}" crossorigin="anonymous"></script>`,
    csp: `script-src ${origin}; connect-src ${origin}${googlePay ? ' https://google.com/pay' : ''}`,
  }
}

/**
 * The startup lines a developer needs first (one call from main.ts): the script tag and CSP line
 * for the storefront, and in sandbox mode the sandbox API key. The key is the documented public
 * sandbox value, written to stderr directly because the logger cuts the configured API key out of
 * every line.
 */
export function announceWidget(options: {
  config: Pick<Config, 'publicUrl' | 'mode' | 'apiKey' | 'apiKeyIsDefault' | 'googlePay'>
  logger: Logger
  assets?: WidgetAssets | undefined
  write?: (text: string) => void
}): void {
  const { config, logger } = options
  const assets = options.assets ?? loadWidgetAssets()
  const write = options.write ?? ((text: string) => process.stderr.write(text))
  if (!assets) {
    logger.warn(
      'no widget build found: GET /widget/eftpay-button.js answers 404 (build widget/ first)',
    )
    return
  }
  const { scriptTag, csp } = widgetSnippet(config.publicUrl, assets, config.googlePay.enabled)
  logger.info(
    { script_tag: scriptTag, csp },
    'widget served at /widget/: add the script tag and CSP sources to the storefront',
  )
  if (config.mode === 'sandbox' && config.apiKeyIsDefault) {
    write(
      `\nSandbox: API key for POST /v1/sessions and /v1/refunds: ${config.apiKey}\n  ${scriptTag}\n  Content-Security-Policy: ${csp}\n\n`,
    )
  }
}
