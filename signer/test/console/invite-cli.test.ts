import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runConsoleCli } from '../../src/console/cli.js'
import { tempDir } from '../integration/harness.js'
import { databaseUrlFor } from '../postgres/test-store.js'
import { ConsolePage, startConsoleSigner } from './harness.js'

/** `eftpay-signer console invite`: the first owner's way in, on the server's own database. */

const dir = tempDir()
const dbFile = join(dir.dir, 'signer.db')
let running: Awaited<ReturnType<typeof startConsoleSigner>>
beforeAll(async () => {
  running = await startConsoleSigner({ dbFile })
})
afterAll(async () => {
  await running.stop()
  dir.remove()
})

async function invite(args: string[], env: Record<string, string> = {}) {
  const out: string[] = []
  const err: string[] = []
  const code = await runConsoleCli(
    args,
    {
      DATABASE_URL: databaseUrlFor(dbFile),
      CONSOLE_PUBLIC_URL: running.signer.console.url,
      ...env,
    },
    (line) => out.push(line),
    (line) => err.push(line),
  )
  return { code, out, err }
}

describe('eftpay-signer console invite', () => {
  it('prints a one-time link on CONSOLE_PUBLIC_URL that enrols the first owner, once', async () => {
    const printed = await invite(['invite', '--role', 'owner', '--name', 'Olivia'])
    expect(printed.code).toBe(0)
    const link = printed.out.find((line) => line.startsWith('http')) ?? ''
    expect(link.startsWith(`${running.signer.console.url}/enrol#`)).toBe(true)
    const token = link.split('#')[1] ?? ''
    const page = new ConsolePage(running.signer)
    expect((await page.enrol(token)).status).toBe(201)
    const me = await page.call<{ user: { role: string; name: string } }>('GET', '/console/api/me')
    expect(me.body.user).toMatchObject({ role: 'owner', name: 'Olivia' })
    expect((await new ConsolePage(running.signer).enrol(token)).status).toBe(404)
  })

  it('refuses a missing or unknown role and an unknown command', async () => {
    expect((await invite(['invite'])).code).toBe(2)
    expect((await invite(['invite', '--role', 'admin'])).err.join('\n')).toMatch(/--role/)
    expect((await invite(['enrol', '--role', 'owner'])).code).toBe(2)
  })

  it('refuses a console URL that passkeys cannot use (an IP address)', async () => {
    const answer = await invite(['invite', '--role', 'owner'], {
      CONSOLE_PUBLIC_URL: 'http://127.0.0.1:8788',
    })
    expect(answer.code).toBe(1)
    expect(answer.err.join('\n')).toMatch(/CONSOLE_PUBLIC_URL/)
  })
})
