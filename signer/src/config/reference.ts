import type { Requirement } from './variable.js'
import { VARIABLES } from './variables.js'

/**
 * The environment the signer reads, described for operators: the table of variables
 * (variables.ts) as docs/deploy.md's "Environment reference" shows it (`renderEnvironmentTable`,
 * written by `node --import tsx scripts/env-reference.ts --write` in signer/). reference.test.ts
 * fails when the document is stale, when `loadConfig` reads a variable the table does not list, and
 * when a documented default is not what `loadConfig` gives.
 */

export type { Requirement }

export interface EnvVar {
  name: string
  /** When it must be set. */
  required: Requirement
  /** What applies when unset, as an operator would write it (`-` when nothing). */
  default: string
  /** Secrets are never logged (observability/logger.ts) and belong in a secret store. */
  secret?: boolean
  description: string
}

type Row = (typeof VARIABLES)[keyof typeof VARIABLES]

/**
 * The default as the docs show it: the row's `default`, else its fallback: `-` for none, a value in
 * backticks, a list comma separated. Anything else needs its `default` written in the row.
 */
function shownDefault(name: string, row: Row): string {
  if (row.default !== undefined) return row.default
  const fallback: unknown = row.fallback
  if ('sandboxFallback' in row) throw new Error(`${name}: write its default (sandbox mode differs)`)
  if (fallback === undefined || (Array.isArray(fallback) && fallback.length === 0)) return '-'
  if (Array.isArray(fallback)) return `\`${fallback.join(',')}\``
  if (['string', 'number', 'boolean'].includes(typeof fallback)) return `\`${String(fallback)}\``
  throw new Error(`${name}: write its default (its fallback is not a plain value)`)
}

export const ENVIRONMENT: readonly EnvVar[] = Object.entries(VARIABLES).map(([name, row]) => ({
  name,
  required: row.required,
  default: shownDefault(name, row),
  ...(row.secret ? { secret: true } : {}),
  description: row.description,
}))

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The Markdown table docs/deploy.md carries between its `env-reference` markers. */
export function renderEnvironmentTable(vars: readonly EnvVar[] = ENVIRONMENT): string {
  const rows = vars.map(
    (v) =>
      `| \`${v.name}\` | ${v.required} | ${cell(v.default)} | ${v.secret ? 'yes' : ''} | ${cell(v.description)} |`,
  )
  return [
    '| Variable | Required | Default | Secret | What it is |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n')
}

export const ENV_START =
  '<!-- env-reference:start (generated from signer/src/config/variables.ts; do not edit) -->'
export const ENV_END = '<!-- env-reference:end -->'

/** `document` with the generated table put between the markers. */
export function withEnvironmentTable(document: string): string {
  const start = document.indexOf(ENV_START)
  const end = document.indexOf(ENV_END)
  if (start === -1 || end === -1 || end < start)
    throw new Error('the document has no env-reference markers')
  return `${document.slice(0, start + ENV_START.length)}\n${renderEnvironmentTable()}\n${document.slice(end)}`
}
