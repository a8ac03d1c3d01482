import type { z } from 'zod'

/**
 * What one row of the table of variables (variables.ts) holds, and how one row is read. A row says
 * everything about its variable: when it is required, its default, whether it is a secret, what it
 * is for, how its text is parsed and where its value lands in `Config`.
 */

/** Sandbox: the built-in simulator, no credentials; live: a real eftPay gateway. */
export type Mode = 'sandbox' | 'live'

/**
 * When a variable must be set, as docs/deploy.md shows it. rules.ts enforces each kind:
 * `live` in live mode, `live, with APPLEPAY` when that wallet is on in live mode, `with X` together
 * with the variable X (the two are read only as a pair).
 */
export type Requirement =
  | 'optional'
  | 'live'
  | `live, with ${'APPLEPAY' | 'GOOGLEPAY'}`
  | `with ${string}`

/** The parts of `Config` that group several variables (`field: 'applePay.merchantId'`). */
export type Group = 'protocol' | 'applePay' | 'googlePay'

/** What a parser function gets besides the text. */
export interface ParseContext<T> {
  /** The value used when the variable is unset (for messages like "(default 8787)"). */
  fallback: T
  /** Reads a file a variable names (certificates); `loadConfig`'s `readFile` option. */
  readFile(path: string): string
  /** Reports what is wrong; the message continues the variable's name ("must be ..."). */
  problem(message: string): void
}

/**
 * A zod schema (its issue message continues the variable's name) or a function that returns a
 * usable value and reports what is wrong through `problem`.
 */
export type Parser<T> = z.ZodType<T> | ((raw: string, context: ParseContext<T>) => T)

export interface Variable<T, F extends string | undefined = string | undefined> {
  required: Requirement
  /** The value when unset (in live mode, when `sandboxFallback` is given). */
  fallback: T
  /** The value when unset in sandbox mode, where it differs (the documented sandbox values). */
  sandboxFallback?: T
  /** The default as docs/deploy.md shows it; written from `fallback` when left out. */
  default?: string
  /** Never logged (observability/logger.ts); keep it in a secret store. */
  secret?: boolean
  /** For operators, in docs/deploy.md. */
  description: string
  /** Ends the "is required" problems of rules.ts: "set it to ...". */
  hint?: string
  /** Reads the (trimmed, non-empty) text. */
  parse: Parser<T>
  /**
   * The `Config` field it fills (`port`, or `applePay.merchantId`); left out for the few variables
   * load.ts combines by hand (the mode, the URLs that default from others, the wallet list, the
   * webhook pair, the proxy switch).
   */
  field?: F
}

/** Declares a row with its value type inferred from `parse` and `fallback`. */
export function variable<T, F extends string | undefined = undefined>(
  row: Variable<T, F>,
): Variable<T, F> {
  return row
}

/** The value of a row (`Variable<number, 'port'>` → number). */
export type ValueOf<V> = V extends Variable<infer T, infer _F> ? T : never

/** The field path of a row, `undefined` when load.ts combines it by hand. */
export type FieldOf<V> = V extends Variable<infer _T, infer F> ? F : never

export interface ReadContext {
  mode: Mode
  readFile(path: string): string
}

/**
 * One variable's value from its text (`undefined` when unset), and its problems, each starting with
 * the variable's name. A wrong value still yields a usable one (its fallback, or what the parser
 * salvaged), so the rules can look at every variable and report everything at once.
 */
export function readVariable<T>(
  name: string,
  row: Variable<T>,
  raw: string | undefined,
  context: ReadContext,
): { value: T; problems: string[] } {
  // A copy: a caller may change its config (a list of origins) without changing the table.
  const fallback = structuredClone(
    context.mode === 'sandbox' && 'sandboxFallback' in row
      ? (row.sandboxFallback as T)
      : row.fallback,
  )
  if (raw === undefined) return { value: fallback, problems: [] }
  const problems: string[] = []
  if (typeof row.parse === 'function') {
    const value = row.parse(raw, {
      fallback,
      readFile: context.readFile,
      problem: (message) => problems.push(`${name} ${message}`),
    })
    return { value, problems }
  }
  const parsed = row.parse.safeParse(raw)
  if (parsed.success) return { value: parsed.data, problems }
  return {
    value: fallback,
    problems: [`${name} ${parsed.error.issues[0]?.message ?? 'is invalid.'}`],
  }
}
