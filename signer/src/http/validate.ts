import type { Context } from 'hono'
import type { z } from 'zod'
import { ValidationError } from '../errors.js'
import {
  checkJsonBounds,
  type JsonBoundsProblem,
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
} from '../middleware/json-bounds.js'
import { findNul, nulError } from '../middleware/refuse-nul.js'

/**
 * The one validation wrapper: every zod failure becomes a `ValidationError` whose
 * `param` is the dotted path of the first issue and whose message names the field and says what
 * to send instead. Route schemas are strict, so an unknown field is refused as `unknown_field`.
 */

type Issue = z.core.$ZodIssue

/** Messages for zod's built-in checks, phrased after the field name ("amount is required."). */
function describe(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${String(issue.maximum)} characters`
        : `must be at most ${String(issue.maximum)}`
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${String(issue.minimum)} characters`
        : `must be at least ${String(issue.minimum)}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'invalid_format':
      return `must be a valid ${issue.format}`
    case 'unrecognized_keys':
      return 'is not a known field'
    default:
      return 'is not valid'
  }
}

function article(expected: string): string {
  if (expected === 'object') return 'an object'
  if (expected === 'array') return 'a list'
  if (expected === 'int') return 'a whole number'
  return `a ${expected}`
}

/** Turns the first issue of a failed parse into the API's 400. */
export function toValidationError(error: z.ZodError, prefix = ''): ValidationError {
  const issue = error.issues[0]
  if (!issue) return new ValidationError({ message: 'The request is not valid.' })
  const path = issue.path.map(String)
  if (issue.code === 'unrecognized_keys') {
    // An empty key name ({"": 1}) is still named, as "" (every 400 names its field).
    const segment = (name: string) => (name === '' ? '""' : name)
    const param = [
      ...(prefix ? [prefix] : []),
      ...path.map(segment),
      segment(issue.keys[0] ?? ''),
    ].join('.')
    return new ValidationError({
      code: 'unknown_field',
      param,
      message: `${param} is not a known field. Remove it; see /openapi.json for the fields this endpoint takes.`,
    })
  }
  const param = [prefix, ...path].filter(Boolean).join('.') || undefined
  const missing = issue.code === 'invalid_type' && issue.input === undefined
  // Schema-level messages (fields.ts: 'must be digits with at most 2 decimals, like "12.50"') win over ours.
  const reason =
    issue.message && !/^(Invalid|Too |Unrecognized|Expected)/.test(issue.message)
      ? issue.message
      : describe(issue)
  return new ValidationError({
    code: missing ? 'missing_field' : 'invalid_field',
    ...(param ? { param } : {}),
    message: `${param ?? 'The request'} ${reason}. Fix it and send the request again.`,
  })
}

/**
 * Parses `data` with `schema`, throwing the API's 400 on the first problem. A NUL anywhere in it
 * is refused first, whatever the schema (middleware/refuse-nul.ts): PostgreSQL text cannot hold one.
 */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, prefix = ''): z.infer<S> {
  const nul = findNul(data)
  if (nul) throw nulError([prefix, ...nul].filter(Boolean).join('.'))
  // reportInput: lets a missing field (input undefined) be told apart from a wrong type.
  const result = schema.safeParse(data, { reportInput: true })
  if (!result.success) throw toValidationError(result.error, prefix)
  return result.data
}

/** Reads the body as one JSON object; anything else is `invalid_json`. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ValidationError({
      code: 'invalid_json',
      message:
        'The body is not valid JSON. Send one JSON object with Content-Type: application/json.',
    })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError({
      code: 'invalid_json',
      message: 'The body must be one JSON object, like {"wallet":"ALIPAYHK"}.',
    })
  }
  const problem = checkJsonBounds(value)
  if (problem) throw boundsError(problem)
  return value as Record<string, unknown>
}

/** The 400 for a body nested too deep or holding too many values, naming the field. */
function boundsError(problem: JsonBoundsProblem): ValidationError {
  const param = problem.field || undefined
  const what = param ?? 'The body'
  return new ValidationError({
    code: 'invalid_field',
    ...(param ? { param } : {}),
    message:
      problem.reason === 'depth'
        ? `${what} is nested more than ${MAX_JSON_DEPTH} levels deep. Send the value as documented in /openapi.json.`
        : `${what} holds more than ${MAX_JSON_VALUES} values. Send the value as documented in /openapi.json.`,
  })
}

/** Reads and validates a JSON body. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return parseWith(schema, await readJsonObject(c))
}

/** Validates the query string (single values). */
export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseWith(schema, c.req.query())
}
