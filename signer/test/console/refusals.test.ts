import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { movableClock } from '../integration/harness.js'
import { ConsolePage, consoleAddress, enrolled, inviteLink, startConsoleSigner } from './harness.js'

/** Each way into the console that must be refused, over real HTTP against a real signer. */

const time = movableClock()
let running: Awaited<ReturnType<typeof startConsoleSigner>>
let owner: ConsolePage
let staff: ConsolePage
beforeAll(async () => {
  running = await startConsoleSigner({ clock: time.clock })
  owner = await enrolled(running.signer, 'owner')
  staff = await enrolled(running.signer, 'staff')
})
afterAll(() => running.stop())

const errorOf = (answer: { body: unknown }) => (answer.body as { error: { code: string } }).error

describe('console refusals', () => {
  it('no session: every API path answers 401', async () => {
    const anonymous = new ConsolePage(running.signer)
    for (const path of ['/console/api/me', '/console/api/users', '/console/api/audit']) {
      const answer = await anonymous.call('GET', path)
      expect(answer.status, path).toBe(401)
      expect(errorOf(answer).code).toBe('not_signed_in')
    }
    const refund = await anonymous.call('POST', '/console/api/refunds', {
      payment_id: 'pay_x',
      amount: '1.00',
    })
    expect(refund.status).toBe(401)
  })

  it('wrong role: staff may not see users or the audit log, nor invite', async () => {
    expect((await staff.call('GET', '/console/api/users')).status).toBe(403)
    expect((await staff.call('GET', '/console/api/audit')).status).toBe(403)
    expect((await staff.call('GET', '/console/api/audit/export.csv')).status).toBe(403)
    const invite = await staff.call('POST', '/console/api/users/invites', {
      role: 'owner',
      name: 'Mallory',
    })
    expect(invite.status).toBe(403)
    expect(errorOf(invite).code).toBe('owner_only')
  })

  it('cross-site request: another Origin, or none, is refused before and after sign-in', async () => {
    const evil = { Origin: 'https://evil.example' }
    const login = await new ConsolePage(running.signer).call(
      'POST',
      '/console/api/login/options',
      undefined,
      evil,
    )
    expect(login.status).toBe(403)
    expect(errorOf(login).code).toBe('cross_site_request')
    const change = await owner.call(
      'PUT',
      `/console/api/users/${'cu_'.padEnd(27, '0')}/refund-limit`,
      { refund_limit: '5.00' },
      evil,
    )
    expect(errorOf(change).code).toBe('cross_site_request')
    // No Origin and no Sec-Fetch-Site: not a page of the console either.
    const bare = await fetch(`${consoleAddress(running.signer)}/console/api/logout`, {
      method: 'POST',
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
    })
    expect(bare.status).toBe(403)
  })

  it('a change without the session CSRF token, or with a wrong one, is refused', async () => {
    for (const token of ['', 'not-the-token']) {
      const answer = await owner.call(
        'POST',
        '/console/api/users/invites',
        { role: 'staff', name: 'Nobody' },
        { 'X-CSRF-Token': token },
      )
      expect(answer.status).toBe(403)
      expect(errorOf(answer).code).toBe('csrf_token_invalid')
    }
  })

  it('a replayed cookie after sign-out is refused', async () => {
    const page = await enrolled(running.signer, 'staff')
    const cookie = page.cookie
    await page.signOut()
    const replay = new ConsolePage(running.signer)
    replay.cookie = cookie
    expect((await replay.call('GET', '/console/api/me')).status).toBe(401)
  })

  it('a stale cookie is refused: idle past the idle timeout', async () => {
    const page = await enrolled(running.signer, 'staff')
    time.advance(31 * 60_000)
    expect((await page.call('GET', '/console/api/me')).status).toBe(401)
  })

  it('a stale cookie is refused: past the absolute timeout, however busy', async () => {
    const page = await enrolled(running.signer, 'staff')
    for (let hour = 0; hour < 12; hour += 1) {
      time.advance(20 * 60_000)
      expect((await page.call('GET', '/console/api/me')).status).toBe(200)
      time.advance(20 * 60_000)
      expect((await page.call('GET', '/console/api/me')).status).toBe(200)
      time.advance(20 * 60_000)
      if (hour < 11) expect((await page.call('GET', '/console/api/me')).status).toBe(200)
    }
    time.advance(60_000)
    expect((await page.call('GET', '/console/api/me')).status).toBe(401)
  })

  it('a tampered passkey assertion is refused', async () => {
    const page = owner.fresh()
    const options = await page.call<{ ceremony: string; options: never }>(
      'POST',
      '/console/api/login/options',
    )
    const response = page.passkey.assert(options.body.options)
    const signature = Buffer.from(response.response.signature, 'base64url')
    signature[signature.length - 1] = (signature.at(-1) ?? 0) ^ 0xff
    response.response.signature = signature.toString('base64url')
    const answer = await page.call('POST', '/console/api/login/verify', {
      ceremony: options.body.ceremony,
      response,
    })
    expect(answer.status).toBe(401)
    expect(errorOf(answer).code).toBe('passkey_refused')
  })

  it('a replayed assertion (its challenge already spent) is refused', async () => {
    const page = owner.fresh()
    const options = await page.call<{ ceremony: string; options: never }>(
      'POST',
      '/console/api/login/options',
    )
    const body = {
      ceremony: options.body.ceremony,
      response: page.passkey.assert(options.body.options),
    }
    expect((await page.call('POST', '/console/api/login/verify', body)).status).toBe(200)
    expect((await owner.fresh().call('POST', '/console/api/login/verify', body)).status).toBe(401)
  })

  it('an assertion made for another origin, or without user verification, is refused', async () => {
    const page = owner.fresh()
    const options = await page.call<{ ceremony: string; options: never }>(
      'POST',
      '/console/api/login/options',
    )
    const phished = page.passkey.assert(options.body.options, 'https://console-evil.example')
    const answer = await page.call('POST', '/console/api/login/verify', {
      ceremony: options.body.ceremony,
      response: phished,
    })
    expect(answer.status).toBe(401)
    page.passkey.userVerified = false
    try {
      const again = await page.call<{ ceremony: string; options: never }>(
        'POST',
        '/console/api/login/options',
      )
      const presenceOnly = await page.call('POST', '/console/api/login/verify', {
        ceremony: again.body.ceremony,
        response: page.passkey.assert(again.body.options),
      })
      expect(presenceOnly.status).toBe(401)
    } finally {
      page.passkey.userVerified = true
    }
  })

  it('an expired invite is refused', async () => {
    const token = await inviteLink(running.signer, 'staff')
    time.advance(24 * 60 * 60_000 + 1)
    const answer = await new ConsolePage(running.signer).enrol(token)
    expect(answer.status).toBe(404)
  })

  it('a removed user is signed out at once', async () => {
    const page = await enrolled(running.signer, 'staff')
    const me = await page.call<{ user: { id: string } }>('GET', '/console/api/me')
    const signedIn = await owner.fresh().signIn()
    expect(signedIn.status).toBe(200)
    const fresh = owner.fresh()
    await fresh.signIn()
    expect((await fresh.call('DELETE', `/console/api/users/${me.body.user.id}`)).status).toBe(204)
    expect((await page.call('GET', '/console/api/me')).status).toBe(401)
    expect((await page.fresh().signIn()).status).toBe(401)
  })

  it('bad input names the field', async () => {
    const page = owner.fresh()
    await page.signIn()
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/console/api/users/invites', { role: 'admin', name: 'A' }, 'role'],
      ['POST', '/console/api/users/invites', { role: 'staff', name: '' }, 'name'],
      ['POST', '/console/api/users/invites', { role: 'staff', name: 'A', extra: 1 }, 'extra'],
      [
        'PUT',
        `/console/api/users/${'cu_'.padEnd(27, '0')}/refund-limit`,
        { refund_limit: '1.234' },
        'refund_limit',
      ],
      ['PUT', '/console/api/users/nope/refund-limit', { refund_limit: '1.00' }, 'id'],
      ['GET', '/console/api/audit?limit=0', undefined, 'limit'],
      ['GET', '/console/api/audit?before=yesterday', undefined, 'before'],
      ['POST', '/console/api/refunds', { payment_id: 'pay_1', amount: '-1' }, 'amount'],
      ['POST', '/console/api/refunds', { amount: '1.00' }, 'payment_id'],
    ]
    for (const [method, path, body, param] of cases) {
      const answer = await page.call(method, path, body)
      expect(answer.status, `${method} ${path}`).toBe(400)
      expect((answer.body as { error: { param: string } }).error.param, path).toBe(param)
    }
  })

  // Last: it locks this address out of sign-in for the window.
  it('brute force: after 10 failed sign-ins the address must wait, even with a good passkey', async () => {
    // The earlier tests' failures are out of the window.
    time.advance(16 * 60_000)
    const stranger = new ConsolePage(running.signer)
    for (let i = 0; i < 10; i += 1) expect((await stranger.signIn()).status).toBe(401)
    const locked = await owner.fresh().signIn()
    expect(locked.status).toBe(429)
    expect(errorOf(locked).code).toBe('too_many_sign_in_attempts')
    time.advance(16 * 60_000)
    expect((await owner.fresh().signIn()).status).toBe(200)
  })
})
