import { mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RecordedCall } from './session.js'
import type { CheckReport } from './types.js'

/**
 * `check --evidence DIR` (docs/deploy.md "Evidence for eftPay's go-live review"): each exchange
 * of the run as one JSON file holding the request as sent and the answer as received, in order,
 * with an index (README.md for a person, index.json for a machine) a merchant can send eftPay as
 * is. Redaction: the secret is never part of an exchange, and every value is scanned for it (and
 * for older secrets) anyway; `sign` keeps its first 8 hex digits, `user_confirm_key` its first
 * and last 2 characters, and a `token_id` is replaced (wallet token data).
 */

export interface EvidenceRun {
  /** The gateway's base URL, or `built-in sandbox`. */
  gatewayUrl: string
  mode: string
  /** EFTPAY_SECRET and EFTPAY_SECRET_PREVIOUS: never written. */
  secrets: readonly string[]
  startedAt: Date
}

const SIGN_SHOWN = 8

export const REDACTION_RULES = [
  'The secret (`secret_code`) is never part of a request or an answer; every value was scanned for it (and for older secrets) before writing.',
  `\`sign\`: the first ${SIGN_SHOWN} of its 64 hex digits, the rest masked; eftPay can recompute it from its copy of the secret.`,
  '`user_confirm_key`: its first 2 and last 2 characters, the rest masked.',
  '`token_id`: replaced (wallet token data; the tokens `check` sends are test tokens, not cards).',
] as const

/** Refuses a path that is a file or a directory with something in it: nothing is mixed or overwritten. */
export async function assertEvidenceDirUsable(dir: string): Promise<void> {
  const found = await stat(dir).catch(() => undefined)
  if (!found) return
  if (!found.isDirectory())
    throw new Error(`--evidence ${dir} is a file: name a new or empty directory`)
  if ((await readdir(dir)).length > 0)
    throw new Error(`--evidence ${dir} is not empty: name a new or empty directory`)
}

function masked(key: string, value: string, secrets: readonly string[]): string {
  if (key === 'sign' && value) return `${value.slice(0, SIGN_SHOWN)}…(masked)`
  if (key === 'user_confirm_key' && value)
    return value.length <= 4
      ? '*'.repeat(value.length)
      : `${value.slice(0, 2)}${'*'.repeat(value.length - 4)}${value.slice(-2)}`
  if (key === 'token_id' && value) return '[redacted: wallet token]'
  return withoutSecrets(value, secrets)
}

function withoutSecrets(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]')
  return out
}

/** A flat gateway body with each value masked; a non-object (text) only scanned for secrets. */
function maskBody(body: unknown, secrets: readonly string[]): unknown {
  if (typeof body === 'string') return withoutSecrets(body, secrets)
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return JSON.parse(withoutSecrets(JSON.stringify(body ?? null), secrets))
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string'
        ? masked(k, v, secrets)
        : JSON.parse(withoutSecrets(JSON.stringify(v), secrets)),
    ]),
  )
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-|-$/g, '')

function resultOf(call: RecordedCall): string {
  if (call.error && call.error.kind !== 'rejected' && call.error.kind !== 'order-not-found')
    return `${call.error.kind}: ${call.error.message}`
  const body = call.response as Record<string, unknown> | undefined
  const status =
    typeof body?.return_status === 'string'
      ? `return_status ${body.return_status}`
      : 'no return_status'
  const trade = typeof body?.trade_status === 'string' ? `, ${body.trade_status}` : ''
  return `${status}${trade}`
}

export async function writeEvidence(
  dir: string,
  calls: readonly RecordedCall[],
  report: CheckReport,
  run: EvidenceRun,
): Promise<{ dir: string; files: number }> {
  await mkdir(dir, { recursive: true })
  const secrets = run.secrets.filter(Boolean)
  const index = []
  for (const [i, call] of calls.entries()) {
    const file = `${String(i + 1).padStart(3, '0')}-${slug(call.step)}.json`
    const endpoint = `POST ${call.servlet}`
    const pair = {
      test_case: call.label,
      check: call.step,
      sent_at: call.at.toISOString(),
      endpoint,
      service: call.service ?? null,
      request: maskBody(call.request, secrets),
      response:
        call.httpStatus === undefined
          ? null
          : { http_status: call.httpStatus, body: maskBody(call.response, secrets) },
      signature_verified: call.signatureVariant ?? false,
      client_verdict: call.error ? `${call.error.kind}: ${call.error.message}` : 'taken',
      duration_ms: call.ms,
    }
    await writeFile(join(dir, file), `${withoutSecrets(JSON.stringify(pair, null, 2), secrets)}\n`)
    index.push({
      n: i + 1,
      file,
      test_case: call.label,
      check: call.step,
      endpoint,
      service: call.service ?? null,
      out_trade_no: call.request.out_trade_no ?? null,
      out_refund_no: call.request.out_refund_no ?? call.request.refund_no ?? null,
      result: withoutSecrets(resultOf(call), secrets),
    })
  }
  const head = {
    generated_by: 'eftpay-signer check --evidence',
    generated_at: run.startedAt.toISOString(),
    gateway: run.gatewayUrl,
    mode: run.mode,
    check_passed: report.ok,
    redaction: REDACTION_RULES,
  }
  await writeFile(
    join(dir, 'index.json'),
    `${JSON.stringify({ ...head, exchanges: index }, null, 2)}\n`,
  )
  await writeFile(join(dir, 'README.md'), withoutSecrets(readme(head, index, report), secrets))
  return { dir, files: calls.length }
}

function readme(
  head: { generated_at: string; gateway: string; mode: string; check_passed: boolean },
  index: Array<{ n: number; file: string; test_case: string; endpoint: string; result: string }>,
  report: CheckReport,
): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  const rows = index.map(
    (e) =>
      `| ${e.n} | [${e.file}](${e.file}) | ${cell(e.test_case)} | ${e.endpoint} | ${cell(e.result)} |`,
  )
  const lines = report.lines.map((l) => `- ${l.status.toUpperCase()} \`${l.id}\`: ${l.message}`)
  return `# eftPay integration: request and response pairs

Written by \`eftpay-signer check --evidence\` at ${head.generated_at}, against ${head.gateway}
(${head.mode} mode). Each file below holds one request the merchant's signer sent to eftPay's gateway
and the answer it received (\`request\`, \`response\`), in the order sent, with the test case it
belongs to. \`index.json\` lists the same for a machine.

## Redaction

${REDACTION_RULES.map((r) => `- ${r}`).join('\n')}

## Exchanges

| # | file | test case | endpoint | result |
| - | ---- | --------- | -------- | ------ |
${rows.join('\n')}

## The check's result: ${head.check_passed ? 'passed' : 'FAILED'}

${lines.join('\n')}
`
}
