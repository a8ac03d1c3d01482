import { describe, expect, it } from 'vitest'
import { formatGatewayDateTime, formatGatewayTime, parseGatewayTime } from './hk-time.js'

describe('Hong Kong time (UTC+8, docs/protocol.md "Time")', () => {
  it('formats a UTC instant eight hours ahead', () => {
    expect(formatGatewayTime(new Date('2024-01-01T04:00:00Z'))).toBe('20240101120000')
    expect(formatGatewayDateTime(new Date('2024-01-01T04:05:06Z'))).toBe('2024-01-01 12:05:06')
  })

  it('rolls over the date at 16:00 UTC', () => {
    expect(formatGatewayTime(new Date('2023-12-31T16:00:00Z'))).toBe('20240101000000')
  })

  it('parses back to the same instant', () => {
    const instant = new Date('2026-11-21T23:59:59Z')
    expect(parseGatewayTime(formatGatewayTime(instant))?.toISOString()).toBe(instant.toISOString())
  })

  it('refuses malformed and impossible times', () => {
    expect(parseGatewayTime('2024010112000')).toBeUndefined()
    expect(parseGatewayTime('20241301120000')).toBeUndefined()
    expect(parseGatewayTime('20240230120000')).toBeUndefined()
    expect(parseGatewayTime('2024-01-01 12:00')).toBeUndefined()
  })
})
