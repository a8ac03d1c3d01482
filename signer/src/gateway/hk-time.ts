/**
 * Hong Kong time for the gateway (docs/protocol.md, "Time"): UTC+8 all year (no daylight saving), so a
 * fixed offset is exact and needs no time-zone database.
 */
const HK_OFFSET_MS = 8 * 60 * 60 * 1000

function hkParts(date: Date) {
  const shifted = new Date(date.getTime() + HK_OFFSET_MS)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  return {
    y: pad(shifted.getUTCFullYear(), 4),
    mo: pad(shifted.getUTCMonth() + 1),
    d: pad(shifted.getUTCDate()),
    h: pad(shifted.getUTCHours()),
    mi: pad(shifted.getUTCMinutes()),
    s: pad(shifted.getUTCSeconds()),
  }
}

/** `yyyyMMddHHmmss` in HK time: the `time` field of every request, reply and notification. */
export function formatGatewayTime(date: Date): string {
  const p = hkParts(date)
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`
}

/** `yyyy-MM-dd HH:mm:ss` in HK time: `gmt_payment` and `trade_time`. */
export function formatGatewayDateTime(date: Date): string {
  const p = hkParts(date)
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`
}

/** Parses `yyyyMMddHHmmss` (HK time) into a Date, or returns undefined when it is not one. */
export function parseGatewayTime(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) - HK_OFFSET_MS
  const date = new Date(utc)
  // Reject values that Date.UTC silently rolls over (month 13, 31 February, hour 25).
  return formatGatewayTime(date) === value ? date : undefined
}
