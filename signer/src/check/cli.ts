import { createInterface } from 'node:readline/promises'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { assertEvidenceDirUsable } from './evidence.js'
import { runCheck } from './run.js'
import type { CheckReport } from './types.js'
import { UAT_REFUNDS } from './uat/uat-refunds.js'
import { UAT_SALE_AMOUNT } from './uat/uat-sale.js'

/**
 * `eftpay-signer check [--json] [--evidence DIR] [--uat [--yes] [--uat-wait SECONDS]]`, also
 * `pnpm --dir signer check ...`: exit 0 only when every line holds, 1 when one fails, 2 when the
 * command itself is refused (an unknown argument, `--uat` unconfirmed, an unusable DIR).
 */

export const USAGE =
  'usage: eftpay-signer check [--json] [--evidence DIR] [--uat [--yes] [--uat-wait SECONDS]]'

/** `scheme://user:password@`: the user information of a URL anywhere in a text. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi

/**
 * The report as printed, with the user name and password of any URL in it replaced. Config refuses
 * them in EFTPAY_GATEWAY_URL and PUBLIC_URL; this is the second net, for whatever else a line
 * quotes (an error message naming an address).
 */
export function withoutUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1[redacted]@')
}

export function formatReport(report: CheckReport): string {
  const out = report.lines.map((l) => `${l.status.toUpperCase().padEnd(4)}  ${l.id}  ${l.message}`)
  if (report.settings) {
    out.push('settings proved against UAT (check --uat):')
    if (report.settings.length === 0) out.push('  none: see the uat lines above')
    const width = Math.max(...report.settings.map((s) => s.variable.length + s.value.length + 1))
    for (const s of report.settings)
      out.push(
        `  ${`${s.variable}=${s.value}`.padEnd(width)}  ${s.inUse ? 'confirmed (in use)' : `SET THIS (now: ${s.current})`}`,
      )
  }
  if (report.evidence)
    out.push(
      `evidence: ${report.evidence.files} request/response pairs in ${report.evidence.dir} (README.md, index.json)`,
    )
  out.push(report.ok ? 'check passed' : 'check FAILED')
  return `${out.join('\n')}\n`
}

/** How the command talks to a person: injectable for tests. */
export interface CheckIo {
  write: (text: string) => void
  /** Progress while the UAT run waits (stderr, so `--json` stays one JSON document). */
  progress: (text: string) => void
  /** Whether a person can answer (stdin and stdout are terminals). */
  interactive: boolean
  ask: (question: string) => Promise<string>
}

const processIo = (): CheckIo => ({
  write: (text) => process.stdout.write(text),
  progress: (text) => process.stderr.write(`${text}\n`),
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  async ask(question) {
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    try {
      return await rl.question(question)
    } finally {
      rl.close()
    }
  },
})

function uatWarning(gatewayUrl: string): string {
  return `check --uat places REAL orders at ${gatewayUrl}: a PreOrder of HKD 0.01 on every route, a PayMe order of HKD ${UAT_SALE_AMOUNT} that UAT pays by itself, refunded in two parts (HKD ${UAT_REFUNDS.partial} and ${UAT_REFUNDS.rest}), and a token payment with a test token. Run it only with UAT credentials.`
}

export async function runCheckCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: Partial<CheckIo> | ((text: string) => void) = {},
): Promise<number> {
  const given = typeof io === 'function' ? { write: io } : io
  const { write, progress, interactive, ask } = { ...processIo(), ...given }
  let values: {
    json?: boolean
    uat?: boolean
    yes?: boolean
    evidence?: string
    'uat-wait'?: string
  }
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      options: {
        json: { type: 'boolean' },
        uat: { type: 'boolean' },
        yes: { type: 'boolean' },
        evidence: { type: 'string' },
        'uat-wait': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    const arg = argv.find((a) => !/^--(json|uat|yes|evidence|uat-wait)(=|$)/.test(a)) ?? argv[0]
    write(`unknown argument ${arg ?? ''} (${(error as Error).message}); ${USAGE}\n`)
    return 2
  }
  const waitSeconds = values['uat-wait'] === undefined ? undefined : Number(values['uat-wait'])
  if (waitSeconds !== undefined && !(Number.isInteger(waitSeconds) && waitSeconds > 0)) {
    write(`--uat-wait must be a whole number of seconds, got ${values['uat-wait']}; ${USAGE}\n`)
    return 2
  }
  if ((values.yes || waitSeconds !== undefined) && !values.uat) {
    write(`--yes and --uat-wait go with --uat; ${USAGE}\n`)
    return 2
  }
  if (values.evidence !== undefined) {
    try {
      await assertEvidenceDirUsable(values.evidence)
    } catch (error) {
      write(`${(error as Error).message}\n`)
      return 2
    }
  }
  if (values.uat) {
    const gatewayUrl = env.EFTPAY_GATEWAY_URL?.trim()
    if (!gatewayUrl) {
      write(
        "check --uat needs EFTPAY_GATEWAY_URL set to eftPay's UAT gateway, with your UAT credentials\n",
      )
      return 2
    }
    const warning = withoutUrlCredentials(uatWarning(gatewayUrl))
    if (!values.yes) {
      if (!interactive) {
        write(`${warning}\nRefused: no terminal to confirm on. Pass --yes to run it anyway.\n`)
        return 2
      }
      const answer = await ask(`${warning}\nPlace these orders? [y/N] `)
      if (!/^y(es)?$/i.test(answer.trim())) {
        write('Nothing was sent.\n')
        return 2
      }
    } else progress(warning)
  }
  const report = await runCheck({
    env,
    ...(values.uat ? { uat: waitSeconds ? { waitMs: waitSeconds * 1000 } : {} } : {}),
    ...(values.evidence !== undefined ? { evidenceDir: values.evidence } : {}),
    progress: (text) => progress(withoutUrlCredentials(text)),
  })
  write(
    withoutUrlCredentials(
      values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
    ),
  )
  return report.ok ? 0 : 1
}

/**
 * Whether this module was started as the command (`tsx src/check/cli.ts`). Not just "is it the
 * entry": bundled into dist/signer.mjs, `import.meta.url` is the bundle's own URL, and the signer
 * started from the bundle must not also run `check` (it places orders).
 */
export function runsAsCheckCommand(moduleUrl: string, entry: string | undefined): boolean {
  return (
    entry !== undefined &&
    /\/check\/cli\.[cm]?[jt]s$/.test(new URL(moduleUrl).pathname) &&
    moduleUrl === pathToFileURL(entry).href
  )
}

if (runsAsCheckCommand(import.meta.url, process.argv[1])) {
  process.exitCode = await runCheckCli(process.argv.slice(2), process.env)
}
