import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server'
import {
  findPasskey,
  insertChallenge,
  type PasskeyRow,
  passkeysOf,
  takeChallenge,
  touchPasskey,
} from '../store/console.js'
import type { Db } from '../store/db.js'
import { newId } from './tokens.js'

/**
 * Passkeys through @simplewebauthn/server: we write no WebAuthn crypto ourselves. Every ceremony's
 * challenge is kept server-side (console_challenges) with an expiry and is taken once, so a
 * replayed or stale assertion finds no challenge. User verification is always required: the
 * passkey is the only factor (docs/architecture.md#the-merchant-console).
 */

/** The relying party: the console's origin, its host the RP id. */
export interface RelyingParty {
  origin: string
  id: string
  name: string
}

export function relyingPartyOf(consoleUrl: string, name: string): RelyingParty {
  return { origin: consoleUrl, id: new URL(consoleUrl).hostname, name }
}

/** How long a ceremony may take, from options to answer. */
export const CHALLENGE_TTL_MS = 5 * 60_000

export type Purpose = 'register' | 'login' | 'verify'

/** Options for the browser plus the id it sends back with its answer. */
export interface Ceremony<T> {
  ceremony: string
  options: T
}

async function keepChallenge(
  db: Db,
  purpose: Purpose,
  challenge: string,
  subject: string | null,
  now: number,
): Promise<string> {
  const id = newId('ch')
  await insertChallenge(db, { id, challenge, purpose, subject, expires_at: now + CHALLENGE_TTL_MS })
  return id
}

/** Registration options for a new user (an invite's enrolment); `subject` ties the answer to it. */
export async function registrationCeremony(
  db: Db,
  rp: RelyingParty,
  user: { webauthnId: string; name: string },
  subject: string,
  now: number,
): Promise<Ceremony<PublicKeyCredentialCreationOptionsJSON>> {
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.name,
    userID: Buffer.from(user.webauthnId, 'base64url'),
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  })
  return { ceremony: await keepChallenge(db, 'register', options.challenge, subject, now), options }
}

/** The verified new passkey, or undefined when the answer does not hold. */
export async function verifyRegistration(
  db: Db,
  rp: RelyingParty,
  ceremony: string,
  response: RegistrationResponseJSON,
  now: number,
): Promise<{ subject: string | null; passkey: Omit<PasskeyRow, 'user_id'> } | undefined> {
  const kept = await takeChallenge(db, ceremony, 'register', now)
  if (!kept) return undefined
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: kept.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
  }).catch(() => undefined)
  if (!result?.verified) return undefined
  const { credential } = result.registrationInfo
  return {
    subject: kept.subject,
    passkey: {
      id: credential.id,
      public_key: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: JSON.stringify(credential.transports ?? []),
    },
  }
}

/**
 * Sign-in options: no credential list (discoverable passkeys, nothing to enumerate users by), or
 * the user's own passkeys for a fresh check inside a session (`purpose` 'verify').
 */
export async function authenticationCeremony(
  db: Db,
  rp: RelyingParty,
  purpose: 'login' | 'verify',
  userId: string | null,
  now: number,
): Promise<Ceremony<PublicKeyCredentialRequestOptionsJSON>> {
  const allow = userId
    ? (await passkeysOf(db, userId)).map((p) => ({
        id: p.id,
        transports: JSON.parse(p.transports) as string[],
      }))
    : undefined
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: 'required',
    ...(allow ? { allowCredentials: allow } : {}),
  })
  return { ceremony: await keepChallenge(db, purpose, options.challenge, userId, now), options }
}

/**
 * The user whose passkey signed the challenge, or undefined: unknown ceremony or passkey, another
 * user's passkey in a fresh check, a signature or origin that does not hold, no user verification,
 * or a signature counter that went backwards (a cloned authenticator).
 */
export async function verifyAuthentication(
  db: Db,
  rp: RelyingParty,
  purpose: 'login' | 'verify',
  ceremony: string,
  response: AuthenticationResponseJSON,
  now: number,
): Promise<string | undefined> {
  const kept = await takeChallenge(db, ceremony, purpose, now)
  if (!kept) return undefined
  const passkey = await findPasskey(db, response.id)
  if (!passkey) return undefined
  if (kept.subject !== null && kept.subject !== passkey.user_id) return undefined
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: kept.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
    credential: {
      id: passkey.id,
      publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
      counter: passkey.counter,
    },
  }).catch(() => undefined)
  if (!result?.verified) return undefined
  await touchPasskey(db, passkey.id, result.authenticationInfo.newCounter, now)
  return passkey.user_id
}
