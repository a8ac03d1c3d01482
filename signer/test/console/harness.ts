import { join } from 'node:path'
import { createInvite } from '../../src/console/invites.js'
import type { ConsoleRole } from '../../src/console/roles.js'
import { startTestSigner, type TestSigner, tempDir } from '../integration/harness.js'
import { SoftPasskey } from './authenticator.js'

/**
 * A real signer (sandbox mode, real HTTP) with its console on a free port, and a client that acts
 * like the console page in a browser: it keeps the cookie, sends the page's Origin and the CSRF
 * token, and answers passkey ceremonies with a software passkey.
 */

/** Each test signer's clock, so invites are made at the time the signer sees. */
const clocks = new WeakMap<TestSigner, () => Date>()

export async function startConsoleSigner(
  options: { env?: Record<string, string>; dbFile?: string; clock?: () => Date } = {},
) {
  const dir = tempDir()
  const signer = await startTestSigner({
    dbFile: options.dbFile ?? join(dir.dir, 'signer.db'),
    env: { CONSOLE_PORT: '0', ...options.env },
    ...(options.clock ? { clock: options.clock } : {}),
  })
  if (options.clock) clocks.set(signer, options.clock)
  return {
    signer,
    async stop() {
      await signer.close()
      dir.remove()
    },
  }
}

/** Where Node reaches the console: its loopback address (the URL's `localhost` may be ::1). */
export function consoleAddress(signer: TestSigner): string {
  return `http://127.0.0.1:${signer.console.port}`
}

export async function inviteLink(
  signer: TestSigner,
  role: ConsoleRole,
  name = role === 'owner' ? 'Olivia Owner' : 'Sam Staff',
): Promise<string> {
  const invite = await createInvite(
    signer.db,
    { role, name, createdBy: null, consoleUrl: signer.console.url },
    (clocks.get(signer)?.() ?? new Date()).getTime(),
  )
  return invite.url.split('#')[1] ?? ''
}

export interface Answer<T = Record<string, unknown>> {
  status: number
  body: T
  headers: Headers
}

export class ConsolePage {
  cookie = ''
  csrf = ''
  origin: string
  readonly passkey: SoftPasskey

  constructor(
    readonly signer: TestSigner,
    passkey?: SoftPasskey,
  ) {
    this.origin = signer.console.url
    this.passkey = passkey ?? new SoftPasskey(signer.console.url)
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const sent = new Headers({ ...headers })
    if (this.cookie) sent.set('cookie', this.cookie)
    if (method !== 'GET' && !('Origin' in headers)) sent.set('origin', this.origin)
    if (method !== 'GET' && this.csrf && !('X-CSRF-Token' in headers))
      sent.set('x-csrf-token', this.csrf)
    if (body !== undefined) sent.set('content-type', 'application/json')
    const res = await fetch(`${consoleAddress(this.signer)}${path}`, {
      method,
      headers: sent,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const setCookie = res.headers.getSetCookie()[0]
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? ''
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : {}
    } catch {}
    const answer = { status: res.status, body: parsed as T, headers: res.headers }
    const csrf = (parsed as { csrf_token?: string } | undefined)?.csrf_token
    if (csrf) this.csrf = csrf
    return answer
  }

  async enrol(token: string): Promise<Answer> {
    const options = await this.call<{ ceremony: string; options: never }>(
      'POST',
      '/console/api/enrol/options',
      { invite: token },
    )
    if (options.status !== 200) return options as Answer
    return this.call('POST', '/console/api/enrol/verify', {
      invite: token,
      ceremony: options.body.ceremony,
      response: this.passkey.register(options.body.options),
    })
  }

  async signIn(): Promise<Answer> {
    const options = await this.call<{ ceremony: string; options: never }>(
      'POST',
      '/console/api/login/options',
    )
    if (options.status !== 200) return options as Answer
    return this.call('POST', '/console/api/login/verify', {
      ceremony: options.body.ceremony,
      response: this.passkey.assert(options.body.options),
    })
  }

  /** The fresh passkey check a refund needs. */
  async confirm(): Promise<Answer> {
    const options = await this.call<{ ceremony: string; options: never }>(
      'POST',
      '/console/api/verify/options',
    )
    return this.call('POST', '/console/api/verify/verify', {
      ceremony: options.body.ceremony,
      response: this.passkey.assert(options.body.options),
    })
  }

  signOut(): Promise<Answer> {
    return this.call('POST', '/console/api/logout')
  }

  /** A new page without this one's cookie, with the same passkey (another tab, after sign-out). */
  fresh(): ConsolePage {
    return new ConsolePage(this.signer, this.passkey)
  }
}

/** Enrols a user from a new invite and returns their signed-in page. */
export async function enrolled(signer: TestSigner, role: ConsoleRole): Promise<ConsolePage> {
  const page = new ConsolePage(signer)
  const answer = await page.enrol(await inviteLink(signer, role))
  if (answer.status !== 201)
    throw new Error(`enrol: ${answer.status} ${JSON.stringify(answer.body)}`)
  return page
}
