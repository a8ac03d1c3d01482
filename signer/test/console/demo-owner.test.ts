import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { VARIABLES } from '../../src/config/variables.js'
import { createConsoleApp } from '../../src/console/server.js'
import { createLogger } from '../../src/observability/logger.js'
import type { Db } from '../../src/store/db.js'
import { openDatabase } from '../../src/store/open.js'
import { fakeService } from '../http/fake-service.js'
import { testConfig } from '../http/helpers.js'

/**
 * The sandbox demo's passkey-free owner (console/routes/demo.ts) exists in sandbox mode only: a live
 * console has no such route, whatever the environment says, since no setting names it.
 */

const URL = 'http://localhost:8788'
const opened: Db[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
})

async function consoleApp(mode: 'sandbox' | 'live') {
  const db = await openDatabase('sqlite::memory:')
  opened.push(db)
  const logger = createLogger({
    level: 'silent',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  })
  return createConsoleApp({
    config: testConfig({ mode }),
    db,
    service: fakeService(),
    clock: () => new Date(),
    logger,
    consoleUrl: URL,
  })
}

const signIn = { method: 'POST', headers: { Origin: URL } }

describe('the demo owner', () => {
  it('signs in without a passkey in sandbox mode, clearly marked as the demo', async () => {
    const app = await consoleApp('sandbox')
    const answer = await app.request('/console/api/demo/sign-in', signIn)
    expect(answer.status).toBe(200)
    const cookie = answer.headers.get('set-cookie')?.split(';')[0] ?? ''
    const me = await app.request('/console/api/me', { headers: { cookie } })
    expect(await me.json()).toMatchObject({
      user: { role: 'owner', name: 'Demo owner (sandbox)', demo: true },
    })
  })

  it('does not exist in live mode: 404, no cookie', async () => {
    const app = await consoleApp('live')
    const answer = await app.request('/console/api/demo/sign-in', signIn)
    expect(answer.status).toBe(404)
    expect(answer.headers.get('set-cookie')).toBeNull()
  })

  it('has no setting that could turn it on', () => {
    expect(Object.keys(VARIABLES).filter((name) => /DEMO/.test(name))).toEqual([])
  })
})
