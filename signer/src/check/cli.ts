import { pathToFileURL } from 'node:url'
import { runCheck } from './run.js'
import type { CheckReport } from './types.js'

/** `pnpm --dir signer check [--json]` and `eftpay-signer check [--json]`: exit 0 only when all hold. */

/** `scheme://user:password@`: the user information of a URL anywhere in a text. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi

/**
 * The report as printed, with the user name and password of any URL in it replaced. Config refuses
 * them in EFTPAY_GATEWAY_URL; this is the second net, for whatever else a line quotes (PUBLIC_URL,
 * an error message naming an address).
 */
export function withoutUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1[redacted]@')
}

export function formatReport(report: CheckReport): string {
  const lines = report.lines.map(
    (l) => `${l.status.toUpperCase().padEnd(4)}  ${l.id}  ${l.message}`,
  )
  lines.push(report.ok ? 'check passed' : 'check FAILED')
  return `${lines.join('\n')}\n`
}

export async function runCheckCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const unknown = argv.filter((a) => a !== '--json')
  if (unknown.length) {
    write(`unknown argument ${unknown[0]}; usage: eftpay-signer check [--json]\n`)
    return 2
  }
  const report = await runCheck({ env })
  write(
    withoutUrlCredentials(
      argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
    ),
  )
  return report.ok ? 0 : 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runCheckCli(process.argv.slice(2), process.env)
}
