/**
 * Bounds on the shape of a parsed JSON body, checked before anything uses it: the 64 kB body limit
 * caps its bytes, but a few kilobytes of `[[[[...` nest thousands deep, and code that walks the
 * value recursively (`JSON.stringify` of an Apple Pay token, zod) then overflows the stack: a 500
 * instead of a 400. The walk here is iterative, so it cannot overflow itself.
 */

/** Deeper than any body the API takes (an Apple Pay token is about 4 levels). */
export const MAX_JSON_DEPTH = 32
/** Values (objects, arrays, scalars) in one body: far above any real request. */
export const MAX_JSON_VALUES = 5_000

export interface JsonBoundsProblem {
  /** The top-level field holding the offending value ('' for the body itself). */
  field: string
  reason: 'depth' | 'values'
}

/** The first way `value` breaks the bounds, or undefined when it is within them. */
export function checkJsonBounds(
  value: unknown,
  limits: { maxDepth?: number; maxValues?: number } = {},
): JsonBoundsProblem | undefined {
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH
  const maxValues = limits.maxValues ?? MAX_JSON_VALUES
  const stack: Array<{ value: unknown; depth: number; field: string }> = [
    { value, depth: 0, field: '' },
  ]
  let seen = 0
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; depth: number; field: string }
    seen += 1
    if (seen > maxValues) return { field: item.field, reason: 'values' }
    if (typeof item.value !== 'object' || item.value === null) continue
    if (item.depth >= maxDepth) return { field: item.field, reason: 'depth' }
    const entries = Array.isArray(item.value)
      ? item.value.map((child, index) => [String(index), child] as const)
      : Object.entries(item.value)
    for (const [key, child] of entries)
      stack.push({
        value: child,
        depth: item.depth + 1,
        field: item.depth === 0 ? key : item.field,
      })
  }
  return undefined
}
