import { describe, expect, it } from 'vitest'
import { memoryTokenBuckets } from './rate-limit.js'

describe('memoryTokenBuckets', () => {
  it('lets a burst through, then refills at the configured rate', () => {
    const store = memoryTokenBuckets({ capacity: 3, refillPerSecond: 1 })
    expect([1, 2, 3].map(() => store.take('ip', 0).allowed)).toEqual([true, true, true])
    expect(store.take('ip', 0)).toEqual({ allowed: false, retryAfterMs: 1000 })
    expect(store.take('other', 0).allowed).toBe(true)
    expect(store.take('ip', 999).allowed).toBe(false)
    expect(store.take('ip', 1000).allowed).toBe(true)
  })

  it('keeps at most maxKeys buckets', () => {
    const store = memoryTokenBuckets({ capacity: 1, refillPerSecond: 1, maxKeys: 2 })
    store.take('a', 0)
    store.take('b', 0)
    store.take('c', 0)
    // "a" was dropped, so it starts full again.
    expect(store.take('a', 0).allowed).toBe(true)
  })
})
