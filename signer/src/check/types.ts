/** One line of `eftpay-signer check`: what was checked, whether it holds, and what was seen. */
export interface CheckLine {
  /** Stable id for machines, e.g. `gateway.reachable`, `wallet.ALIPAYHK.phone`, `uat.refund.service`. */
  id: string
  status: 'pass' | 'warn' | 'fail' | 'skip'
  /** One sentence for a person; never a secret. */
  message: string
  /** Details for `--json` (service sent, return status, signature variant, fields). */
  details?: Record<string, unknown>
}

/**
 * A protocol setting `check --uat` proved against eftPay's UAT (docs/protocol.md "Settings"): the
 * value UAT answered to, and whether it is the one the signer uses now.
 */
export interface SettingFinding {
  /** The environment variable, e.g. `EFTPAY_REFUND_TOTAL_FEE`. */
  variable: string
  /** The whole value to set, e.g. `PAYME=service.common.Refund` for `EFTPAY_REFUND_SERVICES`. */
  value: string
  /** True when the signer already sends what UAT took (nothing to change). */
  inUse: boolean
  /** What the signer uses now, as a person reads it. */
  current: string
  /** The check line that proved it. */
  line: string
}

export interface CheckReport {
  ok: boolean
  lines: CheckLine[]
  /** `--uat` only: one entry per setting proved, in the order of the lines. */
  settings?: SettingFinding[]
  /** `--evidence DIR` only: where the request/response pairs were written. */
  evidence?: { dir: string; files: number }
}
