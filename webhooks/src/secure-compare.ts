import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Compares two strings in constant time. Both sides are hashed first, so neither the length nor
 * the position of the first difference leaks through timing (hono `src/utils/buffer.ts`).
 */
export function secureCompare(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest()
  const right = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(left, right)
}
