import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalString, sign, signPayload } from '../../src/gateway/sign.js'
import { verify } from '../../src/gateway/verify.js'

/**
 * Properties of the gateway signature (docs/protocol.md), over generated payloads: the order of
 * fields never matters; any change to a signed field (value changed, field added or removed)
 * breaks the signature; any Unicode value signs as its UTF-8 bytes and round-trips through JSON.
 */

const SECRET = 'fuzz-secret-0123456789'
// A fixed seed makes every run draw the same inputs (a failure can be replayed); set FUZZ_SEED to
// explore others. fast-check prints the seed and path of any failure.
const SEED = Number(process.env.FUZZ_SEED ?? 20261121)
const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/).filter((k) => k !== 'sign')
const value = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
const payload = fc.dictionary(key, value, { minKeys: 1, maxKeys: 12 })

/** The same entries in another order. */
function reordered(fields: Record<string, string>, seed: number): Record<string, string> {
  const entries = Object.entries(fields)
  for (let i = entries.length - 1; i > 0; i--) {
    const j = (seed * (i + 7)) % (i + 1)
    ;[entries[i], entries[j]] = [entries[j] as [string, string], entries[i] as [string, string]]
  }
  return Object.fromEntries(entries)
}

describe('sign/verify properties', () => {
  it('does not depend on the order of the fields', () => {
    fc.assert(
      fc.property(payload, fc.nat(), (fields, seed) => {
        expect(sign(reordered(fields, seed), SECRET)).toBe(sign(fields, SECRET))
        expect(verify({ ...reordered(fields, seed), sign: sign(fields, SECRET) }, SECRET).ok).toBe(
          true,
        )
      }),
      { numRuns: 300, seed: SEED },
    )
  })

  it('breaks when any signed value changes', () => {
    fc.assert(
      fc.property(payload, fc.nat(), value, (fields, pick, replacement) => {
        const signed = signPayload(fields, SECRET)
        const keys = Object.keys(fields)
        const target = keys[pick % keys.length] as string
        fc.pre(signed[target] !== replacement)
        expect(verify({ ...signed, [target]: replacement }, SECRET).ok).toBe(false)
        // Emptied is a change too (the empty-dropped retry must not rescue it).
        expect(verify({ ...signed, [target]: '' }, SECRET).ok).toBe(false)
      }),
      { numRuns: 300, seed: SEED },
    )
  })

  it('breaks when a field is added or removed', () => {
    fc.assert(
      fc.property(payload, key, value, fc.nat(), (fields, extraKey, extraValue, pick) => {
        const signed = signPayload(fields, SECRET)
        if (!(extraKey in fields))
          expect(verify({ ...signed, [extraKey]: extraValue }, SECRET).ok).toBe(false)
        const keys = Object.keys(fields)
        const { [keys[pick % keys.length] as string]: _removed, ...rest } = signed
        expect(verify(rest, SECRET).ok).toBe(false)
      }),
      { numRuns: 300, seed: SEED },
    )
  })

  it('breaks under another secret, and accepts any case of the hex', () => {
    fc.assert(
      fc.property(payload, fc.string({ minLength: 1, maxLength: 30 }), (fields, other) => {
        fc.pre(other !== SECRET)
        const signed = signPayload(fields, SECRET)
        expect(verify(signed, other).ok).toBe(false)
        expect(verify({ ...signed, sign: (signed.sign as string).toUpperCase() }, SECRET).ok).toBe(
          true,
        )
      }),
      { numRuns: 200, seed: SEED },
    )
  })

  it('signs any Unicode value as its UTF-8 bytes and survives a JSON round trip', () => {
    fc.assert(
      fc.property(payload, (fields) => {
        const signed = signPayload(fields, SECRET)
        const bytes = Buffer.from(SECRET + canonicalString(fields), 'utf8')
        expect(signed.sign).toBe(createHash('sha256').update(bytes).digest('hex'))
        const wire = JSON.parse(JSON.stringify(signed)) as Record<string, unknown>
        expect(verify(wire, SECRET)).toEqual({ ok: true, variant: 'as-received' })
      }),
      { numRuns: 300, seed: SEED },
    )
  })

  it('never throws on hostile input: non-strings, nesting, missing sign', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }), (fields) => {
        const result = verify(fields as Record<string, unknown>, SECRET)
        expect(result.ok).toBe(false)
      }),
      { numRuns: 300, seed: SEED },
    )
  })
})
