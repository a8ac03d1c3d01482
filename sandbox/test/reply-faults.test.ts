import { describe, expect, it } from 'vitest'
import { signedWith, useHarness } from './harness.js'

/** Faults on what the sandbox answers (sandbox/README.md, "Faults"). */

const use = useHarness()

describe('reply faults', () => {
  it('drop_fields: ["sign"] answers without a sign, and only for its count', async () => {
    const h = await use.sandbox()
    expect((await h.admin('/faults', { drop_fields: ['sign'], count: 1 })).status).toBe(200)
    const unsigned = await h.preOrder()
    expect(unsigned.return_status).toBe('00')
    expect(unsigned).not.toHaveProperty('sign')
    const next = await h.preOrder()
    expect(signedWith(next, 'empty-dropped')).toBe(true)
  })

  it('drop_fields removes other fields before signing, so the reply still verifies', async () => {
    const h = await use.sandbox()
    await h.admin('/faults', { drop_fields: ['tid', 'fee_type'], count: 1 })
    const reply = await h.preOrder()
    expect(reply).not.toHaveProperty('tid')
    expect(reply).not.toHaveProperty('fee_type')
    expect(signedWith(reply, 'empty-dropped')).toBe(true)
  })
})
