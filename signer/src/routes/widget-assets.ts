import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import type { Config } from '../config/index.js'
import type { Logger } from '../observability/logger.js'

/**
 * The widget's script-tag build, served by the signer for storefronts on other origins
 * (docs/api.md "GET /widget/eftpay-button.js"; the README's "Your first integration"):
 *
 *   GET /widget/<content hash>/eftpay-button…js  the files at a path named by their content:
 *                                               cached immutable; the tag printed at start uses it
 *   GET /widget/eftpay-button.js                the entry at a stable path; short cache
 *   GET /widget/eftpay-button.<chunk>.js        the files it loads itself, beside it
 *   GET /widget/<version>/eftpay-button…js      the same, for pages that still use the version
 *                                               path: short cache, since a rebuild under the
 *                                               same version changes what it holds
 *
 * Module scripts from another origin are fetched in CORS mode, so each file carries
 * `Access-Control-Allow-Origin: *` (public files, no credentials) and
 * `Cross-Origin-Resource-Policy: cross-origin` (for storefronts that set COEP).
 *
 * Where the files are: beside the bundle in `dist/widget/` (the npm package and the container;
 * scripts/bundle.mjs copies them there), else the workspace's `widget/dist/` (a development
 * checkout running the TypeScript source; `pnpm --dir signer start` builds it first when it is
 * missing or older than the widget's source: scripts/ensure-widget.mjs).
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
  /** The widget package's version: the segment of the version path (not immutable). */
  version: string
  /** 16 hex digits of a SHA-256 over every file's name and bytes: the immutable path's segment. */
  contentHash: string
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
  // Sorted, so the content hash does not depend on the order the folder lists its files in.
  const content = createHash('sha256')
  for (const name of readdirSync(dir)
    .filter((n) => FILE_NAME.test(n))
    .sort()) {
    const body = readFileSync(join(dir, name))
    files.set(name, {
      body,
      integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`,
    })
    content.update(`${name}\0${body.length}\0`).update(body)
  }
  const contentHash = content.digest('hex').slice(0, 16)
  return { dir, version: widgetVersion(dir), contentHash, files }
}

/**
 * `version.txt` beside copied files (scripts/bundle.mjs writes it), else the workspace widget's
 * package.json, else a hash of the entry. Only for the version path, which is never immutable: a
 * rebuild under one version changes its files.
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
            ? `There is no widget file ${path}. The files are eftpay-button.js and the files it loads, under /widget/${assets.contentHash}/ (this build), /widget/ or /widget/${assets.version}/.`
            : 'This signer has no widget build to serve: build widget/ (pnpm --filter @eftpay/button build; pnpm --dir signer start does it) or use the packaged signer.',
        },
      },
      { status: 404, headers: { 'Access-Control-Allow-Origin': '*' } },
    )
  app.get('/:name', (c) => serve(c.req.param('name'), SHORT) ?? missing(c.req.path))
  app.get('/:segment/:name', (c) => {
    const segment = c.req.param('segment')
    const cacheControl =
      segment === assets?.contentHash ? IMMUTABLE : segment === assets?.version ? SHORT : undefined
    return (cacheControl && serve(c.req.param('name'), cacheControl)) || missing(c.req.path)
  })
  return app
}

/**
 * What a storefront adds: the script tag (the content path, with SRI) and the CSP sources. With
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
  const src = `${publicUrl}/widget/${assets.contentHash}/eftpay-button.js`
  return {
    scriptTag: `<script type="module" src="${src}" integrity="${entry?.integrity ?? ''}" crossorigin="anonymous"></script>`,
    csp: `script-src ${origin}; connect-src ${origin}${googlePay ? ' https://google.com/pay' : ''}`,
  }
}

/**
 * The startup lines a developer needs first (one call from main.ts): in sandbox mode with the
 * documented key, that key, then the script tag and CSP line for the storefront (logged in every
 * mode). The key is the documented public sandbox value, written to stderr directly because the
 * logger cuts the configured API key out of every line. `assets`: `null` for none, absent to look.
 */
export function announceWidget(options: {
  config: Pick<Config, 'publicUrl' | 'mode' | 'apiKey' | 'apiKeyIsDefault' | 'googlePay'>
  logger: Logger
  assets?: WidgetAssets | null | undefined
  write?: (text: string) => void
}): void {
  const { config, logger } = options
  const assets = options.assets === undefined ? loadWidgetAssets() : options.assets
  const write = options.write ?? ((text: string) => process.stderr.write(text))
  const sandboxKey = config.mode === 'sandbox' && config.apiKeyIsDefault
  const lines = sandboxKey
    ? [`Sandbox: API key for POST /v1/sessions and /v1/refunds: ${config.apiKey}`]
    : []
  if (assets) {
    const { scriptTag, csp } = widgetSnippet(config.publicUrl, assets, config.googlePay.enabled)
    logger.info(
      { script_tag: scriptTag, csp },
      'widget served at /widget/: add the script tag and CSP sources to the storefront',
    )
    if (sandboxKey) lines.push(`  ${scriptTag}`, `  Content-Security-Policy: ${csp}`)
  } else
    logger.warn(
      'no widget build found: GET /widget/eftpay-button.js answers 404 (pnpm --dir signer start builds widget/ first)',
    )
  if (lines.length > 0) write(`\n${lines.join('\n')}\n\n`)
}
