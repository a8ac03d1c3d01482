import { describe, expect, it } from 'vitest'
import {
  type Attempt,
  DISPATCH_LEASE_MS,
  decideStart,
  type StartDecision,
  type StartFlow,
  sendingUntil,
} from './decide-start.js'

const NOW = new Date('2026-01-01T12:00:00Z')
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000)
const PAY_LINK = { type: 'redirect', url: 'https://pay.example/x' } as const

/** A pending attempt whose order is still payable for 15 minutes; each case changes what it needs. */
function attempt(fields: Partial<Attempt>): Attempt {
  return { status: 'pending', dispatch: 'placed', expiresAt: at(900), ...fields }
}

const placed = attempt({ dispatch: 'placed', nextAction: PAY_LINK })
const sendingInLease = attempt({ dispatch: 'sending', dispatchUntil: at(30) })
const sendingLeaseOver = attempt({ dispatch: 'sending', dispatchUntil: at(-1) })
const unknown = attempt({ dispatch: 'unknown' })
const abandoned = attempt({ dispatch: 'abandoned', nextAction: PAY_LINK })

interface Case {
  name: string
  flow: StartFlow
  /** Newest first, as the store lists them. */
  attempts: Attempt[]
  /** The decision's kind, and which attempt it names (its index in `attempts`). */
  kind: StartDecision['kind']
  index?: number
}

const cases: Case[] = [
  { name: 'no attempt yet: a new order', flow: 'preorder', attempts: [], kind: 'new' },
  {
    name: 'a placed order with its pay link: reused',
    flow: 'preorder',
    attempts: [placed],
    kind: 'reuse',
    index: 0,
  },
  {
    name: 'a placed order past its active time: a new order',
    flow: 'preorder',
    attempts: [attempt({ ...placed, expiresAt: at(-1) })],
    kind: 'new',
  },
  {
    name: 'a placed order whose active time ends right now: a new order',
    flow: 'preorder',
    attempts: [attempt({ ...placed, expiresAt: NOW })],
    kind: 'new',
  },
  {
    name: 'a PreOrder being sent within its lease: in flight',
    flow: 'preorder',
    attempts: [sendingInLease],
    kind: 'in-flight',
    index: 0,
  },
  {
    name: 'a PreOrder whose lease is over (its sender died): recovered',
    flow: 'preorder',
    attempts: [sendingLeaseOver],
    kind: 'recover',
    index: 0,
  },
  {
    name: 'a PreOrder whose lease ends right now: recovered',
    flow: 'preorder',
    attempts: [attempt({ dispatch: 'sending', dispatchUntil: NOW })],
    kind: 'recover',
    index: 0,
  },
  {
    name: 'a PreOrder being sent with no lease stored: recovered',
    flow: 'preorder',
    attempts: [attempt({ dispatch: 'sending' })],
    kind: 'recover',
    index: 0,
  },
  {
    name: 'a PreOrder with no known outcome: recovered (eftPay is asked first)',
    flow: 'preorder',
    attempts: [unknown],
    kind: 'recover',
    index: 0,
  },
  {
    name: 'a placed order without a pay link: recovered',
    flow: 'preorder',
    attempts: [attempt({ dispatch: 'placed' })],
    kind: 'recover',
    index: 0,
  },
  {
    name: 'an abandoned order is never answered again: a new order',
    flow: 'preorder',
    attempts: [abandoned],
    kind: 'new',
  },
  {
    name: 'an order that is no longer pending: a new order',
    flow: 'preorder',
    attempts: [attempt({ ...placed, status: 'failed' }), attempt({ ...placed, status: 'expired' })],
    kind: 'new',
  },
  {
    name: 'the newest live attempt decides, even over an older reusable one',
    flow: 'preorder',
    attempts: [unknown, placed],
    kind: 'recover',
    index: 0,
  },
  {
    name: 'expired and abandoned attempts are passed over for an older reusable one',
    flow: 'preorder',
    attempts: [attempt({ ...placed, expiresAt: at(-60) }), abandoned, placed],
    kind: 'reuse',
    index: 2,
  },
  { name: 'token: no attempt yet: a new payment', flow: 'token', attempts: [], kind: 'new' },
  {
    name: 'token: one being sent: in flight',
    flow: 'token',
    attempts: [sendingInLease],
    kind: 'in-flight',
    index: 0,
  },
  {
    name: 'token: one being sent past its lease is still in flight (a sent token is never resent)',
    flow: 'token',
    attempts: [sendingLeaseOver],
    kind: 'in-flight',
    index: 0,
  },
  {
    name: 'token: one being sent past its active time is still in flight',
    flow: 'token',
    attempts: [attempt({ ...sendingInLease, expiresAt: at(-1) })],
    kind: 'in-flight',
    index: 0,
  },
  {
    name: 'token: a replied payment is never reused: a new payment',
    flow: 'token',
    attempts: [placed],
    kind: 'new',
  },
  {
    name: 'token: one with no known outcome is not recovered: a new payment',
    flow: 'token',
    attempts: [unknown],
    kind: 'new',
  },
  {
    name: 'token: one no longer pending: a new payment',
    flow: 'token',
    attempts: [attempt({ ...sendingInLease, status: 'failed' })],
    kind: 'new',
  },
  {
    name: 'token: an older one still being sent is in flight behind a newer replied one',
    flow: 'token',
    attempts: [placed, sendingLeaseOver],
    kind: 'in-flight',
    index: 1,
  },
]

describe('decideStart: what starting a payment does, from its earlier attempts and the clock', () => {
  it.each(cases)('$name', ({ flow, attempts, kind, index }) => {
    const decision = decideStart(attempts, NOW, flow)
    expect(decision.kind).toBe(kind)
    // The attempt named is the very one given (the caller acts on that row).
    if (index === undefined) expect(decision).not.toHaveProperty('attempt')
    else expect(decision).toHaveProperty('attempt', attempts[index])
    if ('attempt' in decision) expect(decision.attempt).toBe(attempts[index as number])
  })
})

describe('sendingUntil: the lease a PreOrder in flight holds', () => {
  it('is 60 seconds from now by default', () => {
    expect(DISPATCH_LEASE_MS).toBe(60_000)
    expect(sendingUntil({}, NOW)).toEqual(at(60))
  })

  it('follows the configured lease', () => {
    expect(sendingUntil({ dispatchLeaseMs: 5_000 }, NOW)).toEqual(at(5))
  })
})
