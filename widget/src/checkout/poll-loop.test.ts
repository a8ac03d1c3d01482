import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PollLoop } from './poll-loop.js'

// Fake timers: each test moves the clock itself, so nothing depends on how busy the machine is.
beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

/** A tick that counts its rounds and answers `done` (false: keep polling). */
function counter(done = false) {
  const calls = { rounds: 0, signals: [] as AbortSignal[] }
  const tick = async (signal: AbortSignal) => {
    calls.rounds++
    calls.signals.push(signal)
    return done
  }
  return { calls, tick }
}

describe('PollLoop', () => {
  it('waits one interval before the first round, then one after each', async () => {
    const loop = new PollLoop()
    const { calls, tick } = counter()
    loop.start(100, tick)
    await vi.advanceTimersByTimeAsync(99)
    expect(calls.rounds).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls.rounds).toBe(1)
    await vi.advanceTimersByTimeAsync(300)
    expect(calls.rounds).toBe(4)
    loop.stop()
  })

  it('starts no round while the previous one is still waiting for its answer', async () => {
    const loop = new PollLoop()
    let answer!: (done: boolean) => void
    let rounds = 0
    loop.start(10, () => {
      rounds++
      return new Promise<boolean>((r) => (answer = r))
    })
    await vi.advanceTimersByTimeAsync(1000)
    expect(rounds).toBe(1)
    answer(false)
    await vi.advanceTimersByTimeAsync(10)
    expect(rounds).toBe(2)
    answer(true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(rounds).toBe(2)
  })

  it('stops when the tick says done, and a resume does not start it again', async () => {
    const loop = new PollLoop()
    const { calls, tick } = counter(true)
    loop.start(10, tick)
    await vi.advanceTimersByTimeAsync(100)
    expect(calls.rounds).toBe(1)
    loop.pause()
    loop.resume()
    await vi.advanceTimersByTimeAsync(100)
    expect(calls.rounds).toBe(1)
  })

  it('aborts the round under way on stop, and runs no more', async () => {
    const loop = new PollLoop()
    let signal: AbortSignal | undefined
    let rounds = 0
    loop.start(10, (s) => {
      signal = s
      rounds++
      return new Promise(() => {})
    })
    await vi.advanceTimersByTimeAsync(10)
    loop.stop()
    expect(signal!.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(rounds).toBe(1)
  })

  it('runs nothing while paused, keeps a loop started meanwhile, and picks it up on resume', async () => {
    const loop = new PollLoop()
    const first = counter()
    loop.start(10, first.tick)
    await vi.advanceTimersByTimeAsync(10)
    loop.pause()
    expect(first.calls.signals[0]!.aborted).toBe(true)
    // Started while paused (an answer that came in after the element left the page): kept, not run.
    const second = counter()
    loop.start(10, second.tick)
    await vi.advanceTimersByTimeAsync(1000)
    expect([first.calls.rounds, second.calls.rounds]).toEqual([1, 0])
    loop.resume()
    await vi.advanceTimersByTimeAsync(10)
    expect(second.calls.rounds).toBe(1)
    loop.stop()
    loop.pause()
    loop.resume()
    await vi.advanceTimersByTimeAsync(1000)
    expect(second.calls.rounds).toBe(1) // a stopped loop stays stopped
  })
})
