import { z } from 'zod'
import { SIGN_VARIANTS, type SignVariant } from './wire.js'

/**
 * Fault injection (`POST /sandbox/faults`), off by default. Gateway faults apply to the next
 * `count` calls of a servlet (or to every call until `DELETE /sandbox/faults` when `count` is left
 * out); notification faults apply to the next `count` deliveries (a delivery is one notification
 * with all its retries); return faults to the next `count` browser returns. Documented in
 * sandbox/README.md.
 */

export const SERVLETS = ['JSAPIService.do', 'QRcodeTradeQuery.do'] as const
export type Servlet = (typeof SERVLETS)[number]

const count = z.number().int().min(1).max(1_000_000)
const ms = z.number().int().min(0).max(600_000)

const notifyFaultInput = z
  .strictObject({
    /** The next N deliveries are not sent at all, retries included. */
    drop: count.optional(),
    /** Each attempt is POSTed twice. */
    duplicate: z.boolean().optional(),
    /** Each attempt waits this long first. */
    delay_ms: ms.optional(),
    /** Each attempt signed another way (wire.ts). */
    sign_variant: z.enum(SIGN_VARIANTS).optional(),
    /** Each attempt carries a wrong sign. */
    wrong_signature: z.boolean().optional(),
    /** How many deliveries the faults other than `drop` apply to; default: until reset. */
    count: count.optional(),
  })
  .refine(
    (n) =>
      n.drop !== undefined ||
      n.duplicate !== undefined ||
      n.delay_ms !== undefined ||
      n.sign_variant !== undefined ||
      n.wrong_signature === true,
    { message: 'give at least one of drop, duplicate, delay_ms, sign_variant, wrong_signature' },
  )

/** What happens to the signed payload the shopper carries back to `return_url`. */
const returnFaultInput = z
  .strictObject({
    sign_variant: z.enum(SIGN_VARIANTS).optional(),
    wrong_signature: z.boolean().optional(),
    /** How many returns; default: until reset. */
    count: count.optional(),
  })
  .refine((r) => r.sign_variant !== undefined || r.wrong_signature === true, {
    message: 'give sign_variant or wrong_signature',
  })

interface GatewayFaultFields {
  latency_ms?: number
  http_status?: number
  malformed_json?: boolean
  wrong_signature?: boolean
  sign_variant?: SignVariant
  add_fields?: Record<string, string>
  drop_fields?: string[]
}

/** The body of `POST /sandbox/faults`. */
export const faultInput = z
  .strictObject({
    servlet: z.enum(SERVLETS).optional(),
    count: count.optional(),
    latency_ms: ms.optional(),
    http_status: z.number().int().min(400).max(599).optional(),
    malformed_json: z.boolean().optional(),
    wrong_signature: z.boolean().optional(),
    /** Replies signed another way: empty values kept (`k=`), or uppercase hex (wire.ts). */
    sign_variant: z.enum(SIGN_VARIANTS).optional(),
    /** Fields added to each reply before signing (a field eftPay might add one day). */
    add_fields: z
      // Up to 1024 characters: long enough for an over-long `qr_code` (the QR scene's codes run to 512).
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), z.string().max(1024))
      .optional(),
    /** Fields removed from each reply before signing; `sign` is removed after signing. */
    drop_fields: z.array(z.string().min(1).max(64)).max(32).optional(),
    notify: notifyFaultInput.optional(),
    return: returnFaultInput.optional(),
  })
  .refine((f) => hasGatewayFault(f) || f.notify !== undefined || f.return !== undefined, {
    message:
      'give a gateway fault (latency_ms, http_status, malformed_json, wrong_signature, sign_variant, add_fields, drop_fields), notify or return',
  })
export type FaultInput = z.infer<typeof faultInput>

/** Whether a notify rule does anything to a delivery it sends (beyond dropping some). */
function hasDeliveryFault(rule: NotifyRule): boolean {
  return (
    rule.duplicate || rule.delay_ms > 0 || rule.sign_variant !== undefined || rule.wrong_signature
  )
}

function hasGatewayFault(f: GatewayFaultFields): boolean {
  return (
    f.latency_ms !== undefined ||
    f.http_status !== undefined ||
    f.malformed_json === true ||
    f.wrong_signature === true ||
    f.sign_variant !== undefined ||
    f.add_fields !== undefined ||
    f.drop_fields !== undefined
  )
}

/** What happens to one gateway call. */
export interface GatewayFault {
  latency_ms: number
  http_status?: number
  malformed_json: boolean
  wrong_signature: boolean
  sign_variant?: SignVariant
  add_fields: Record<string, string>
  drop_fields: readonly string[]
}

/** How one signed payload the sandbox sends (notification, return) is damaged or varied. */
export interface SignFault {
  sign_variant?: SignVariant
  wrong_signature: boolean
}

/** What happens to one notification delivery. */
export interface NotifyFault extends SignFault {
  drop: boolean
  duplicate: boolean
  delay_ms: number
}

interface GatewayRule extends GatewayFault {
  servlet?: Servlet
  /** Calls left; undefined = until reset. */
  remaining?: number
}

interface NotifyRule extends SignFault {
  dropRemaining: number
  duplicate: boolean
  delay_ms: number
  remaining?: number
}

interface ReturnRule extends SignFault {
  remaining?: number
}

/** The current faults. One per sandbox; never shared between sandboxes. */
export class FaultBook {
  private gateway: GatewayRule[] = []
  private notify: NotifyRule | undefined
  private return: ReturnRule | undefined

  /** Adds the faults of one `POST /sandbox/faults` body. A new notify or return fault replaces the old one. */
  add(input: FaultInput): void {
    if (hasGatewayFault(input)) {
      this.gateway.push({
        servlet: input.servlet,
        remaining: input.count,
        latency_ms: input.latency_ms ?? 0,
        http_status: input.http_status,
        malformed_json: input.malformed_json ?? false,
        wrong_signature: input.wrong_signature ?? false,
        sign_variant: input.sign_variant,
        add_fields: input.add_fields ?? {},
        drop_fields: input.drop_fields ?? [],
      })
    }
    if (input.notify) {
      this.notify = {
        dropRemaining: input.notify.drop ?? 0,
        duplicate: input.notify.duplicate ?? false,
        delay_ms: input.notify.delay_ms ?? 0,
        sign_variant: input.notify.sign_variant,
        wrong_signature: input.notify.wrong_signature ?? false,
        remaining: input.notify.count,
      }
    }
    if (input.return) {
      this.return = {
        sign_variant: input.return.sign_variant,
        wrong_signature: input.return.wrong_signature ?? false,
        remaining: input.return.count,
      }
    }
  }

  /** Takes the fault for one call of `servlet` (first matching rule), or undefined. */
  takeGateway(servlet: Servlet): GatewayFault | undefined {
    const rule = this.gateway.find(
      (r) => (r.servlet === undefined || r.servlet === servlet) && r.remaining !== 0,
    )
    if (!rule) return undefined
    if (rule.remaining !== undefined) rule.remaining -= 1
    this.gateway = this.gateway.filter((r) => r.remaining !== 0)
    const { servlet: _servlet, remaining: _remaining, ...fault } = rule
    return fault
  }

  /** Takes the fault for one notification delivery, or undefined. */
  takeNotify(): NotifyFault | undefined {
    const rule = this.notify
    if (!rule) return undefined
    if (rule.dropRemaining > 0) {
      rule.dropRemaining -= 1
      this.dropIfSpent(rule)
      return { drop: true, duplicate: false, delay_ms: 0, wrong_signature: false }
    }
    if (!hasDeliveryFault(rule)) {
      this.notify = undefined
      return undefined
    }
    if (rule.remaining !== undefined) rule.remaining -= 1
    this.dropIfSpent(rule)
    return {
      drop: false,
      duplicate: rule.duplicate,
      delay_ms: rule.delay_ms,
      sign_variant: rule.sign_variant,
      wrong_signature: rule.wrong_signature,
    }
  }

  private dropIfSpent(rule: NotifyRule): void {
    const otherSpent = !hasDeliveryFault(rule) || rule.remaining === 0
    if (rule.dropRemaining === 0 && otherSpent) this.notify = undefined
  }

  /** Takes the fault for one browser return, or undefined. */
  takeReturn(): SignFault | undefined {
    const rule = this.return
    if (!rule) return undefined
    if (rule.remaining !== undefined) rule.remaining -= 1
    if (rule.remaining === 0) this.return = undefined
    return { sign_variant: rule.sign_variant, wrong_signature: rule.wrong_signature }
  }

  /** Removes every fault (`DELETE /sandbox/faults`). */
  reset(): void {
    this.gateway = []
    this.notify = undefined
    this.return = undefined
  }

  /** The current faults as JSON (`GET /sandbox/faults`). */
  snapshot() {
    return {
      gateway: this.gateway.map((r) => ({
        servlet: r.servlet ?? null,
        remaining: r.remaining ?? null,
        latency_ms: r.latency_ms,
        http_status: r.http_status ?? null,
        malformed_json: r.malformed_json,
        wrong_signature: r.wrong_signature,
        sign_variant: r.sign_variant ?? null,
        add_fields: r.add_fields,
        drop_fields: r.drop_fields,
      })),
      notify: this.notify
        ? {
            drop: this.notify.dropRemaining,
            duplicate: this.notify.duplicate,
            delay_ms: this.notify.delay_ms,
            sign_variant: this.notify.sign_variant ?? null,
            wrong_signature: this.notify.wrong_signature,
            remaining: this.notify.remaining ?? null,
          }
        : null,
      return: this.return
        ? {
            sign_variant: this.return.sign_variant ?? null,
            wrong_signature: this.return.wrong_signature,
            remaining: this.return.remaining ?? null,
          }
        : null,
    }
  }
}
