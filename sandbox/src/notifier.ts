import type { FaultBook, SignFault } from './faults.js'
import { type AcceptedSignatures, signedBy } from './wire.js'

/**
 * Delivers async notifications (docs/protocol.md, "Notification") to a `notify_url`: POST JSON, retried on a
 * schedule until acknowledged. An acknowledgement is HTTP 2xx with either the documented JSON
 * `{"return_code":"success","time","sign"}` whose sign verifies, or the plain text `success` that
 * integrators of eftPay's sibling gateway use; playing that gateway (OAPM, platform.ts), only the
 * text. Anything else is a failed attempt.
 */

export const DEFAULT_NOTIFY_SCHEDULE_MS: readonly number[] = [0, 15_000, 60_000, 300_000, 1_800_000]

/** One attempt (or a dropped delivery), kept for `GET /sandbox/orders/:eft_trade_no`. */
export interface DeliveryAttempt {
  attempt: number
  at: string
  trade_status: string
  /** `acknowledged`, `failed` (with the reason) or `dropped` (fault injection). */
  result: 'acknowledged' | 'failed' | 'dropped'
  detail?: string
}

export interface NotifierOptions {
  secret: string
  /** Delay before each attempt: attempt i waits `schedule[i]` ms after the previous one ended. */
  schedule: readonly number[]
  faults: FaultBook
  fetch: typeof fetch
  /** Which signatures of a JSON acknowledgement are taken (the variants', read on each). */
  acceptedSignatures: () => AcceptedSignatures
  /**
   * Whether the signed JSON acknowledgement counts (VMP, default); on OAPM only the text `success`
   * does (platform.ts).
   */
  jsonAcknowledgement?: boolean
  /** Per-attempt timeout. */
  timeoutMs?: number
}

export interface Delivery {
  url: string
  /** Builds the signed payload for each attempt (fresh `time` every time), as a fault may vary it. */
  payload: (fault?: SignFault) => Record<string, string>
  /** Where attempts are recorded. */
  log: DeliveryAttempt[]
}

/** Sends notifications with retries; `idle()` waits for every delivery, `close()` stops them. */
export class Notifier {
  private readonly jobs = new Set<Promise<void>>()
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>()
  private closed = false

  constructor(private readonly options: NotifierOptions) {}

  /** Starts one delivery in the background. */
  deliver(delivery: Delivery): void {
    if (this.closed) return
    const job = this.run(delivery).finally(() => this.jobs.delete(job))
    this.jobs.add(job)
  }

  /** Resolves when no delivery is in flight or waiting for a retry. */
  async idle(): Promise<void> {
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs])
  }

  /** Stops retry timers; deliveries waiting for a retry end without sending. */
  close(): void {
    this.closed = true
    for (const sleep of this.sleeps) {
      clearTimeout(sleep.timer)
      sleep.resolve()
    }
    this.sleeps.clear()
  }

  private async run(delivery: Delivery): Promise<void> {
    const fault = this.options.faults.takeNotify()
    const now = () => new Date().toISOString()
    if (fault?.drop) {
      delivery.log.push({
        attempt: 0,
        at: now(),
        trade_status: delivery.payload().trade_status ?? '',
        result: 'dropped',
      })
      return
    }
    const schedule = this.options.schedule.length > 0 ? this.options.schedule : [0]
    for (const [index, delay] of schedule.entries()) {
      await this.sleep(delay + (fault?.delay_ms ?? 0))
      if (this.closed) return
      const payload = delivery.payload(fault)
      const sends = fault?.duplicate ? 2 : 1
      let acknowledged = false
      let detail: string | undefined
      for (let i = 0; i < sends; i++) {
        const result = await this.attempt(delivery.url, payload)
        acknowledged ||= result.ok
        detail = result.detail
      }
      delivery.log.push({
        attempt: index + 1,
        at: now(),
        trade_status: payload.trade_status ?? '',
        result: acknowledged ? 'acknowledged' : 'failed',
        ...(acknowledged ? {} : { detail }),
      })
      if (acknowledged) return
    }
  }

  private async attempt(
    url: string,
    payload: Record<string, string>,
  ): Promise<{ ok: boolean; detail?: string }> {
    try {
      const response = await this.options.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      })
      const text = await response.text()
      if (!response.ok) return { ok: false, detail: `HTTP ${response.status}` }
      return this.isAck(text) ? { ok: true } : { ok: false, detail: 'not an acknowledgement' }
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.name : 'network error' }
    }
  }

  /**
   * Plain `success`, or JSON `return_code: success` with a valid sign (Notification pages) where the
   * platform takes it.
   */
  private isAck(text: string): boolean {
    if (text.trim() === 'success') return true
    if (this.options.jsonAcknowledgement === false) return false
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return false
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return false
    const fields = body as Record<string, unknown>
    const strings = Object.values(fields).every((v) => typeof v === 'string')
    return (
      strings &&
      fields.return_code === 'success' &&
      typeof fields.time === 'string' &&
      signedBy(
        fields as Record<string, string>,
        this.options.secret,
        this.options.acceptedSignatures(),
      )
    )
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeps.delete(entry)
          resolve()
        }, ms),
        resolve,
      }
      this.sleeps.add(entry)
    })
  }
}
