import { describe, expect, it } from 'vitest'
import type { PublicSession } from '../api/types.js'
import { outcomeOf } from './outcome.js'

const session = (
  status: PublicSession['status'],
  payments: PublicSession['payments'] = [],
): PublicSession => ({
  id: 'cs_1',
  status,
  amount: '1.00',
  currency: 'HKD',
  subject: 's',
  expires_at: '2026-11-21T12:00:00.000Z',
  payments,
})

describe('outcomeOf', () => {
  it('lets a paid (or refunded) session win over any one attempt', () => {
    expect(
      outcomeOf(session('paid', [{ id: 'py_1', wallet: 'OCT', status: 'failed' }]), 'py_1'),
    ).toBe('succeeded')
    expect(outcomeOf(session('partially_refunded'))).toBe('succeeded')
    expect(outcomeOf(session('refunded'))).toBe('succeeded')
  })
  it('reads an expired session as expired', () => {
    expect(outcomeOf(session('expired', [{ id: 'py_1', wallet: 'OCT', status: 'pending' }]))).toBe(
      'expired',
    )
  })
  it('reads the given payment, else the latest one, else none', () => {
    const s = session('open', [
      { id: 'py_1', wallet: 'OCT', status: 'failed' },
      { id: 'py_2', wallet: 'PAYME', status: 'pending' },
    ])
    expect(outcomeOf(s, 'py_1')).toBe('failed')
    expect(outcomeOf(s)).toBe('pending')
    expect(outcomeOf(s, 'py_9')).toBe('none')
    expect(outcomeOf(session('open'))).toBe('none')
  })
})
