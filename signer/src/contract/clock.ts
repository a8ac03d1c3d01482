/**
 * The clock every part of the signer is given instead of reading the time itself, so tests can
 * move time (the gateway's Hong Kong time format is gateway/hk-time.ts).
 */
export type Clock = () => Date

export const systemClock: Clock = () => new Date()
