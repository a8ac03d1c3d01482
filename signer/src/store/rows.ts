/**
 * Row value helpers shared by the repositories. Drivers differ in what they hand back (SQLite
 * numbers, pg BIGINT as strings, NULL as null), so every mapper goes through these.
 */

export function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) throw new TypeError('expected a text column, got NULL')
  return String(value)
}

export function optionalText(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value)
}

export function int(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n)) throw new TypeError(`expected a number column, got ${String(value)}`)
  return n
}

export function optionalInt(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : int(value)
}

export const date = (value: unknown): Date => new Date(int(value))

export const optionalDate = (value: unknown): Date | undefined =>
  value === null || value === undefined ? undefined : new Date(int(value))

/** `?, ?, ?` for n parameters. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ')
