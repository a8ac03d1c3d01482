import { pathToFileURL } from 'node:url'
import { runCheck } from './run.js'
import type { CheckReport } from './types.js'

/** `pnpm --dir signer check [--json]` and `eftpay-signer check [--json]`: exit 0 only when all hold. */

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
  write(argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report))
  return report.ok ? 0 : 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runCheckCli(process.argv.slice(2), process.env)
}
