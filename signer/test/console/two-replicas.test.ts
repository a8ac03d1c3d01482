import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../integration/harness.js'
import { testStore } from '../postgres/test-store.js'
import { ConsolePage, enrolled, startConsoleSigner } from './harness.js'

/**
 * Two replicas on one database (PostgreSQL in the postgres step, scripts/run-tests.mjs; one SQLite
 * file otherwise) share console sessions: a sign-in on one is a session on the other, and a
 * sign-out on either ends it on both. Passkey challenges are shared too, so a ceremony begun on one
 * replica finishes on the other (a load balancer without sticky sessions).
 */

const dir = tempDir()
const dbFile = join(dir.dir, 'shared.db')
let first: Awaited<ReturnType<typeof startConsoleSigner>>
let second: Awaited<ReturnType<typeof startConsoleSigner>>
beforeAll(async () => {
  first = await startConsoleSigner({ dbFile })
  // The same origin for both, as behind one proxy: the passkeys' relying party is that host.
  second = await startConsoleSigner({
    dbFile,
    env: { CONSOLE_PUBLIC_URL: first.signer.console.url },
  })
})
afterAll(async () => {
  await second?.stop()
  await first?.stop()
  dir.remove()
})

describe(`two console replicas on one ${testStore()} database`, () => {
  it('share a login: the cookie from one is a session on the other, until signed out', async () => {
    const onFirst = await enrolled(first.signer, 'owner')
    const onSecond = new ConsolePage(second.signer)
    onSecond.cookie = onFirst.cookie
    onSecond.csrf = onFirst.csrf
    onSecond.origin = first.signer.console.url
    const me = await onSecond.call<{ user: { role: string } }>('GET', '/console/api/me')
    expect(me.status).toBe(200)
    expect(me.body.user.role).toBe('owner')
    expect((await onSecond.signOut()).status).toBe(204)
    expect((await onFirst.call('GET', '/console/api/me')).status).toBe(401)
  })

  it('finish on one replica a passkey sign-in begun on the other', async () => {
    const user = await enrolled(first.signer, 'staff')
    const page = new ConsolePage(first.signer, user.passkey)
    const options = await page.call<{ ceremony: string; options: never }>(
      'POST',
      '/console/api/login/options',
    )
    const other = new ConsolePage(second.signer, user.passkey)
    other.origin = first.signer.console.url
    const answer = await other.call('POST', '/console/api/login/verify', {
      ceremony: options.body.ceremony,
      response: user.passkey.assert(options.body.options),
    })
    expect(answer.status).toBe(200)
    expect((await other.call('GET', '/console/api/me')).status).toBe(200)
  })
})
