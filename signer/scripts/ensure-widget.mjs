#!/usr/bin/env node
// Run by `pnpm --dir signer start` before the signer: a development checkout serves the widget's
// script-tag files from widget/dist (src/routes/widget-assets.ts) and prints the tag for them, so a
// fresh clone, or a build older than the widget's source, is built first (widget/scripts/build.mjs).
// A failed build does not stop the signer: it starts without the widget and says so.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const WIDGET = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'widget')

/** What the build reads: the sources and build scripts, less the tests; the package's settings. */
const INPUTS = ['src', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json']
const NOT_AN_INPUT = /\.test\.ts$|\/internal\/test\//

/** Newest modification time (ms) of a file, or of any file under a folder. */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return NOT_AN_INPUT.test(path) ? 0 : stat.mtimeMs
  let latest = 0
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)))
  return latest
}

/**
 * `missing` (no script-tag file), `stale` (a build input is newer than it) or `fresh`.
 * @param {string} widget the widget package's folder
 * @returns {'missing' | 'stale' | 'fresh'}
 */
export function widgetBuildState(widget = WIDGET) {
  const built = statSync(join(widget, 'dist', 'eftpay-button.js'), { throwIfNoEntry: false })
  if (!built) return 'missing'
  const inputs = Math.max(...INPUTS.map((input) => newest(join(widget, input))))
  return inputs > built.mtimeMs ? 'stale' : 'fresh'
}

/** Builds the widget when it is missing or stale; returns false if a needed build failed. */
export function ensureWidget(widget = WIDGET) {
  // The signer outside this workspace (its npm package) has no widget source to build.
  if (!existsSync(join(widget, 'scripts', 'build.mjs'))) return true
  const state = widgetBuildState(widget)
  if (state === 'fresh') return true
  console.log(`widget: building the script-tag files (the build is ${state})`)
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: widget,
    stdio: 'inherit',
  })
  if (built.status === 0) return true
  console.error(
    `widget: the build failed (exit ${built.status}); the signer starts without the widget`,
  )
  return false
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) ensureWidget()
