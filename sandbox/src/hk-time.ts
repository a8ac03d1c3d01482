/**
 * The sandbox's own Hong Kong time (docs/protocol.md, "Time"), written apart from the signer's so a
 * wrong offset or format on one side shows up as a refused `time` instead of hiding in both. Hong
 * Kong is UTC+8 all year (no daylight saving): a fixed offset is exact.
 */
const HK_OFFSET_MS = 8 * 60 * 60 * 1000

/** The sandbox's clock, injected so tests can move time. */
export type Clock = () => Date

export const systemClock: Clock = () => new Date()

/** The fields of `date` as read on a Hong Kong wall clock, zero-padded. */
function hkFields(date: Date) {
  const hk = new Date(date.getTime() + HK_OFFSET_MS).toISOString()
  // toISOString of the shifted instant: `yyyy-MM-ddTHH:mm:ss.sssZ`, its digits are HK's wall clock.
  return {
    date: hk.slice(0, 10),
    time: hk.slice(11, 19),
  }
}

/** `yyyyMMddHHmmss`, Hong Kong time: `time` of every request, reply and notification. */
export function formatGatewayTime(date: Date): string {
  const { date: d, time: t } = hkFields(date)
  return `${d.replaceAll('-', '')}${t.replaceAll(':', '')}`
}

/** `yyyy-MM-dd HH:mm:ss`, Hong Kong time: `gmt_payment` and `trade_time`. */
export function formatGatewayDateTime(date: Date): string {
  const { date: d, time: t } = hkFields(date)
  return `${d} ${t}`
}

/** Reads a request's `yyyyMMddHHmmss` (Hong Kong time); undefined when it is not a real instant. */
export function parseGatewayTime(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value)
  if (!m) return undefined
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`
  const date = new Date(iso)
  // Date rolls some impossible values over (31 February): only a value that reads back is one.
  return Number.isNaN(date.getTime()) || formatGatewayTime(date) !== value ? undefined : date
}
