import type { z } from 'zod'
import { formatGatewayTime } from '../gateway/hk-time.js'
import { signPayload } from '../gateway/sign.js'
import { verify } from '../gateway/verify.js'

/**
 * One raw gateway call for `check`: the request validated against the signer's own schema,
 * signed, posted, and the reply taken apart without trusting it, so that the report can say what
 * the typed client would hide: which signature variant verified (docs/protocol.md "Signature"),
 * and which fields came that we do not know or were expected and missing.
 */

export interface ProbeTarget {
  baseUrl: string
  userKey: string
  secret: string
  clock: () => Date
  fetch: typeof fetch
  timeoutMs: number
}

export type ProbeResult =
  | { kind: 'unreachable'; detail: string }
  | { kind: 'invalid-request'; detail: string }
  | { kind: 'http'; status: number }
  | { kind: 'not-json' }
  | {
      kind: 'reply'
      reply: Record<string, unknown>
      returnStatus: string
      returnChar: string
      /**
       * `as-received` (empty values kept as `k=`), `empty-dropped`, `either` (no empty value, so
       * both readings sign the same string), or why it did not verify.
       */
      signature: 'as-received' | 'empty-dropped' | 'either' | 'missing' | 'mismatch'
      unknownFields: string[]
      missingFields: string[]
    }

export interface ProbeCall {
  servlet: 'JSAPIService.do' | 'QRcodeTradeQuery.do'
  schema: z.ZodType
  fields: Record<string, string | undefined>
  /** Reply fields the pages list for this call. */
  known: readonly string[]
  /** Reply fields an accepted (`00`) reply must carry. */
  expected: readonly string[]
}

export async function probe(target: ProbeTarget, call: ProbeCall): Promise<ProbeResult> {
  const fields = {
    ...call.fields,
    user_confirm_key: target.userKey,
    time: formatGatewayTime(target.clock()),
  }
  const parsed = call.schema.safeParse(fields)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { kind: 'invalid-request', detail: `${issue?.path.join('.')} ${issue?.message}` }
  }
  const body = signPayload(parsed.data as Record<string, string>, target.secret)
  let response: Response
  try {
    response = await target.fetch(`${target.baseUrl.replace(/\/+$/, '')}/Servlet/${call.servlet}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(target.timeoutMs),
    })
  } catch (error) {
    const cause =
      error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined
    const detail =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${target.timeoutMs / 1000} s`
        : (cause?.code ?? (error instanceof Error ? error.message : 'network error'))
    return { kind: 'unreachable', detail }
  }
  const text = await response.text().catch(() => '')
  if (!response.ok) return { kind: 'http', status: response.status }
  let reply: unknown
  try {
    reply = JSON.parse(text)
  } catch {
    return { kind: 'not-json' }
  }
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply))
    return { kind: 'not-json' }
  const r = reply as Record<string, unknown>
  const checked = verify(r, target.secret)
  const returnStatus = typeof r.return_status === 'string' ? r.return_status : ''
  const envelope = ['return_status', 'return_char', 'time', 'sign']
  return {
    kind: 'reply',
    reply: r,
    returnStatus,
    returnChar: typeof r.return_char === 'string' ? r.return_char : '',
    signature: checked.ok
      ? Object.values(r).includes('')
        ? checked.variant
        : 'either'
      : checked.reason === 'missing-sign'
        ? 'missing'
        : 'mismatch',
    unknownFields: Object.keys(r).filter((k) => !envelope.includes(k) && !call.known.includes(k)),
    missingFields:
      returnStatus === '00' ? call.expected.filter((k) => r[k] === undefined || r[k] === '') : [],
  }
}
