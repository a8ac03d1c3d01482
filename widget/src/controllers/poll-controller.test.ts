import { describe, expect, it } from 'vitest'
import { PollController } from './poll-controller.js'

/** A host that only collects controllers. */
function host() {
  const controllers: Array<{ hostConnected?: () => void; hostDisconnected?: () => void }> = []
  return {
    controllers,
    addController: (c: { hostConnected?: () => void; hostDisconnected?: () => void }) =>
      void controllers.push(c),
    removeController: () => {},
    requestUpdate: () => {},
    updateComplete: Promise.resolve(true),
  }
}

describe('PollController', () => {
  it('ticks until the tick says done, one round at a time', async () => {
    const poller = new PollController(host())
    let rounds = 0
    let running = 0
    let overlapped = false
    await new Promise<void>((resolve) => {
      poller.start(1, async () => {
        overlapped ||= running > 0
        running++
        await new Promise((r) => setTimeout(r, 5))
        running--
        if (++rounds === 3) resolve()
        return rounds === 3
      })
    })
    await new Promise((r) => setTimeout(r, 30))
    expect(rounds).toBe(3)
    expect(overlapped).toBe(false)
  })

  it('aborts the round under way and stops when the host leaves the page', async () => {
    const h = host()
    const poller = new PollController(h)
    let signal: AbortSignal | undefined
    let rounds = 0
    poller.start(1, (s) => {
      signal = s
      rounds++
      return new Promise(() => {})
    })
    await new Promise((r) => setTimeout(r, 20))
    h.controllers[0]!.hostDisconnected!()
    expect(signal!.aborted).toBe(true)
    expect(rounds).toBe(1)
  })

  it('runs nothing while the host is off the page, and picks the loop up again when it is back', async () => {
    const h = host()
    const poller = new PollController(h)
    let rounds = 0
    poller.start(1, async () => (rounds++, false))
    await new Promise((r) => setTimeout(r, 20))
    h.controllers[0]!.hostDisconnected!()
    // Started while off the page (an answer that came in after the element was removed): kept, not run.
    poller.start(1, async () => (rounds++, false))
    const before = rounds
    await new Promise((r) => setTimeout(r, 20))
    expect(rounds).toBe(before)
    h.controllers[0]!.hostConnected!()
    await new Promise((r) => setTimeout(r, 20))
    expect(rounds).toBeGreaterThan(before)
    poller.stop()
    h.controllers[0]!.hostDisconnected!()
    h.controllers[0]!.hostConnected!()
    const stopped = rounds
    await new Promise((r) => setTimeout(r, 20))
    expect(rounds).toBe(stopped) // a stopped loop stays stopped
  })

  it('forgets a loop that finished, so a reconnect does not start it again', async () => {
    const h = host()
    const poller = new PollController(h)
    let rounds = 0
    poller.start(1, async () => (rounds++, true))
    await new Promise((r) => setTimeout(r, 20))
    h.controllers[0]!.hostDisconnected!()
    h.controllers[0]!.hostConnected!()
    await new Promise((r) => setTimeout(r, 20))
    expect(rounds).toBe(1)
  })
})
