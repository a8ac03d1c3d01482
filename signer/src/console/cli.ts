import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../config/index.js'
import { openDatabase } from '../store/open.js'
import { createInvite } from './invites.js'
import { consolePortFor, consoleUrlOf } from './listener.js'
import { ROLES } from './roles.js'
import { personName } from './schemas.js'

/**
 * `eftpay-signer console invite --role owner|staff [--name NAME]`: prints a one-time link that
 * enrols a passkey (docs/deploy.md#the-merchant-console). On the server (or in the container) with
 * the signer's environment: the same database and CONSOLE_PUBLIC_URL. How the first owner gets in,
 * and how a lost passkey is replaced (a new invite; the old user is then removed in the console).
 */

const USAGE = 'usage: eftpay-signer console invite --role owner|staff [--name NAME]'

export async function runConsoleCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(args)
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
    return 2
  }
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) {
      err(error.message)
      return 1
    }
    throw error
  }
  const db = await openDatabase(config.databaseUrl)
  try {
    const invite = await createInvite(
      db,
      {
        role: parsed.role,
        name: parsed.name,
        createdBy: null,
        consoleUrl: consoleUrlOf(config, consolePortFor(config)),
      },
      Date.now(),
    )
    out(
      `One-time ${parsed.role} invite for ${parsed.name}, valid until ${invite.expiresAt.toISOString()}:`,
    )
    out(invite.url)
    return 0
  } finally {
    await db.close()
  }
}

function parse(args: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { role: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
  })
  if (positionals[0] !== 'invite' || positionals.length !== 1) throw new Error('unknown command')
  const role = ROLES.find((r) => r === values.role)
  if (!role) throw new Error('--role must be owner or staff')
  const name = personName.safeParse(values.name ?? (role === 'owner' ? 'Owner' : 'Staff'))
  if (!name.success) throw new Error('--name must be 1 to 80 characters of plain text')
  return { role, name: name.data }
}
