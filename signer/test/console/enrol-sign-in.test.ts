import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConsolePage, enrolled, inviteLink, startConsoleSigner } from './harness.js'

let running: Awaited<ReturnType<typeof startConsoleSigner>>
beforeAll(async () => {
  running = await startConsoleSigner()
})
afterAll(() => running.stop())

describe('console: enrolment from an invite and sign-in with a passkey', () => {
  it('enrols an owner, who is signed in at once and sees who they are', async () => {
    const page = await enrolled(running.signer, 'owner')
    const me = await page.call<{ user: { role: string; name: string } }>('GET', '/console/api/me')
    expect(me.status).toBe(200)
    expect(me.body.user).toMatchObject({ role: 'owner', name: 'Olivia Owner' })
  })

  it('sets an HttpOnly, SameSite=Strict cookie on the console', async () => {
    const page = new ConsolePage(running.signer)
    const answer = await page.enrol(await inviteLink(running.signer, 'staff'))
    const cookie = answer.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    // Plain-http localhost: the one place the cookie cannot be Secure.
    expect(cookie).not.toMatch(/Secure/)
  })

  it('signs out, and signs in again with the same passkey', async () => {
    const page = await enrolled(running.signer, 'staff')
    expect((await page.signOut()).status).toBe(204)
    expect((await page.call('GET', '/console/api/me')).status).toBe(401)
    const again = page.fresh()
    const signedIn = await again.signIn()
    expect(signedIn.status).toBe(200)
    expect((await again.call('GET', '/console/api/me')).status).toBe(200)
  })

  it('refuses an invite used twice', async () => {
    const token = await inviteLink(running.signer, 'staff')
    expect((await new ConsolePage(running.signer).enrol(token)).status).toBe(201)
    const second = await new ConsolePage(running.signer).enrol(token)
    expect(second.status).toBe(404)
    expect(second.body).toMatchObject({ error: { code: 'invite_unusable', param: 'invite' } })
  })

  it('refuses an invite token that was never issued, naming the field', async () => {
    const answer = await new ConsolePage(running.signer).enrol('x'.repeat(43))
    expect(answer.status).toBe(404)
    const malformed = await new ConsolePage(running.signer).call(
      'POST',
      '/console/api/enrol/options',
      { invite: 'no spaces allowed' },
    )
    expect(malformed.status).toBe(400)
    expect(malformed.body).toMatchObject({ error: { param: 'invite' } })
  })

  it('never shows the gateway secret or the API key on any console answer', async () => {
    const page = await enrolled(running.signer, 'owner')
    const answers = await Promise.all(
      ['/console/api/me', '/console/api/users', '/console/api/audit'].map((path) =>
        page.call('GET', path),
      ),
    )
    const text = answers.map((a) => JSON.stringify(a.body)).join('\n')
    expect(text).not.toContain(running.signer.config.secret)
    expect(text).not.toContain(running.signer.config.apiKey)
  })
})
