/** One line of `eftpay-signer check`: what was checked, whether it holds, and what was seen. */
export interface CheckLine {
  /** Stable id for machines, e.g. `gateway.reachable`, `wallet.ALIPAYHK`. */
  id: string
  status: 'pass' | 'warn' | 'fail' | 'skip'
  /** One sentence for a person; never a secret. */
  message: string
  /** Details for `--json` (service sent, return status, signature variant, fields). */
  details?: Record<string, unknown>
}

export interface CheckReport {
  ok: boolean
  lines: CheckLine[]
}
