import { GatewayError } from '../gateway/gateway-error.js'
import type { CallResult, RecordedCall } from './session.js'
import type { CheckLine } from './types.js'

/**
 * What one gateway call showed, for a check line: the client's verdict (the signer's own parsing
 * and signature check, gateway/client.ts), and what the client does not say: which reading of
 * empty values the signature verified with, which reply fields we do not know, and which an
 * accepted reply should carry and lacked (docs/protocol.md "Signature", "Transport").
 */

/** Reply fields the pages list, per kind of call. */
const KNOWN_FIELDS = {
  preorder: [
    'pay_apptrade',
    'user_confirm_key',
    'out_trade_no',
    'payType',
    'buyerType',
    'wallet',
    'eft_trade_no',
    'fee_type',
    'transaction_amount',
    'tid',
  ],
  query: [
    'out_trade_no',
    'refund_no',
    'eft_trade_no',
    'eftpay_trade_no',
    'trade_status',
    'user_confirm_key',
    'trade_type',
    'buyer_id',
    'tid',
    'transaction_id',
    'trade_no',
    'payment_type',
    'trade_time',
    'transaction_amount',
    'currency',
    'original_amount',
    'card_scheme',
    'card_number',
    'gmt_payment',
  ],
  token: [
    'token_id',
    'user_confirm_key',
    'trade_no',
    'transaction_id',
    'gmt_payment',
    'trade_type',
    'pay_scene',
    'out_trade_no',
    'eft_trade_no',
    'eftpay_trade_no',
    'total_fee',
    'currency',
    'wallet',
    'trade_status',
    'tid',
  ],
  refund: [
    'out_trade_no',
    'out_refund_no',
    'refund_no',
    'eft_trade_no',
    'trade_status',
    'refund_time',
    'return_amount',
    'user_confirm_key',
    'payType',
    'buyerType',
    'wallet',
    'fee_type',
  ],
} as const
export type CallKind = keyof typeof KNOWN_FIELDS

/** Fields an accepted reply must carry beyond what the client's schema already demands. */
const EXPECTED = ['time', 'sign']
const ENVELOPE = ['return_status', 'return_char', 'time', 'sign']

export type Outcome =
  /** Accepted (`00`) and taken by the client. */
  | 'accepted'
  /** A refusal (not `00`) whose signature verified. */
  | 'refusal'
  /** A refusal without `sign`: proves only "not taken". */
  | 'unsigned-refusal'
  /** The reply's signature does not verify with EFTPAY_SECRET. */
  | 'signature'
  /** The client rejects the reply (malformed, another order's, a field it cannot take). */
  | 'rejected-by-client'
  | 'http'
  | 'unreachable'
  /** The request broke a gateway limit; nothing was sent. */
  | 'invalid-request'

export interface CallFacts {
  outcome: Outcome
  /** True when the answer's signature verified with EFTPAY_SECRET. */
  verified: boolean
  returnStatus?: string
  returnChar?: string
  /** A phrase for the line, e.g. `return_status 00 ""; signature verified with empty values dropped`. */
  text: string
  unknownFields: string[]
  missingFields: string[]
  /** `check EFTPAY_SECRET` / `check EFTPAY_USER_KEY`, when the answer points at a credential. */
  hint?: string
  reply?: Record<string, unknown>
}

const SIGNATURE_TEXT = {
  'as-received': 'signature verified with empty values kept (k=)',
  'empty-dropped': 'signature verified with empty values dropped',
  either: 'signature verified (no empty value in the reply)',
} as const

/**
 * The sandbox answers an unknown `user_confirm_key` with `02` (sandbox/README.md); eftPay's own
 * code is not public (docs/protocol.md "Sandbox return codes"), so its text is read too. Only a
 * hint for a person: nothing is decided on it.
 */
function pointsAtUserKey(returnStatus?: string, returnChar?: string): boolean {
  return returnStatus === '02' || /user_confirm_key|user key/i.test(returnChar ?? '')
}

/** The facts of the last call of a client run (the answer that decided it). */
export function factsOf(result: CallResult<unknown>, kind: CallKind): CallFacts {
  const call = result.calls.at(-1)
  const error = asGatewayError(result.error)
  const reply = replyOf(call)
  const returnStatus = typeof reply?.return_status === 'string' ? reply.return_status : undefined
  const returnChar = typeof reply?.return_char === 'string' ? reply.return_char : undefined
  const status =
    returnStatus === undefined ? '' : `return_status ${returnStatus} "${returnChar ?? ''}"`
  const base = { returnStatus, returnChar, reply, unknownFields: [], missingFields: [] }
  const kindOfError = error?.kind
  if (kindOfError === 'invalid-request')
    return {
      ...base,
      outcome: 'invalid-request',
      verified: false,
      text: `request refused before sending: ${error?.message}`,
    }
  if (kindOfError === 'network' || kindOfError === 'timeout')
    return {
      ...base,
      outcome: 'unreachable',
      verified: false,
      text: `gateway unreachable (${networkDetail(error)})`,
    }
  if (kindOfError === 'http')
    return {
      ...base,
      outcome: 'http',
      verified: false,
      text: `gateway answered HTTP ${error?.httpStatus}`,
    }
  if (kindOfError === 'signature')
    return {
      ...base,
      outcome: 'signature',
      verified: false,
      text: `${status ? `${status}; ` : ''}reply signature WRONG (check EFTPAY_SECRET)`,
      hint: 'check EFTPAY_SECRET',
    }
  if (kindOfError === 'malformed')
    return {
      ...base,
      outcome: 'rejected-by-client',
      verified: call?.signatureVariant !== undefined,
      text: `the signer's gateway client rejects the reply: ${error?.message}`,
      missingFields: missing(reply, error?.field),
    }
  const verified = call?.signatureVariant !== undefined
  const signature = verified ? SIGNATURE_TEXT[variantOf(call, reply)] : 'reply NOT signed'
  const unknownFields = Object.keys(reply ?? {}).filter(
    (k) => !ENVELOPE.includes(k) && !(KNOWN_FIELDS[kind] as readonly string[]).includes(k),
  )
  const parts = [status, signature]
  if (unknownFields.length) parts.push(`unknown fields: ${unknownFields.join(', ')}`)
  if (kindOfError === 'rejected' || kindOfError === 'order-not-found') {
    const hint = !verified
      ? 'check EFTPAY_USER_KEY and EFTPAY_SECRET: a gateway that does not know the key cannot sign its answer'
      : pointsAtUserKey(returnStatus, returnChar)
        ? 'check EFTPAY_USER_KEY'
        : returnStatus === '01'
          ? 'check EFTPAY_SECRET'
          : undefined
    return {
      ...base,
      outcome: verified ? 'refusal' : 'unsigned-refusal',
      verified,
      text: parts.filter(Boolean).join('; '),
      unknownFields,
      ...(hint ? { hint } : {}),
    }
  }
  const missingFields = EXPECTED.filter((k) => reply?.[k] === undefined || reply[k] === '')
  if (missingFields.length) parts.push(`missing fields: ${missingFields.join(', ')}`)
  if (typeof reply?.trade_status === 'string') parts.splice(1, 0, reply.trade_status)
  return {
    ...base,
    outcome: 'accepted',
    verified,
    text: parts.filter(Boolean).join('; '),
    unknownFields,
    missingFields,
  }
}

/** pass, warn (an unknown reply field) or fail, for a call that had to be accepted. */
export function acceptedStatus(facts: CallFacts): CheckLine['status'] {
  if (facts.outcome !== 'accepted' || !facts.verified || facts.missingFields.length) return 'fail'
  return facts.unknownFields.length ? 'warn' : 'pass'
}

/** The answer as a JSON object, when it was one. */
export function replyOf(call: RecordedCall | undefined): Record<string, unknown> | undefined {
  const body = call?.response
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined
}

function variantOf(
  call: RecordedCall | undefined,
  reply: Record<string, unknown> | undefined,
): keyof typeof SIGNATURE_TEXT {
  const hasEmpty = Object.values(reply ?? {}).includes('')
  return hasEmpty && call?.signatureVariant ? call.signatureVariant : 'either'
}

function missing(reply: Record<string, unknown> | undefined, field: string | undefined): string[] {
  if (!field || !reply) return []
  return reply[field] === undefined || reply[field] === '' ? [field] : []
}

/** Anything else a client run threw (a bug, not an answer) is reported as the client's rejection. */
function asGatewayError(error: unknown): GatewayError | undefined {
  if (error === undefined || error instanceof GatewayError) return error
  return new GatewayError({
    kind: 'malformed',
    message: error instanceof Error ? error.message : String(error),
  })
}

/** The system's code for a failed connection (ECONNREFUSED, ENOTFOUND) or the timeout. */
function networkDetail(error: GatewayError | undefined): string {
  if (error?.kind === 'timeout') return error.message
  const cause = error?.cause as { cause?: { code?: string }; code?: string } | undefined
  return cause?.cause?.code ?? cause?.code ?? error?.message ?? 'network error'
}

/** A short summary of a call for `--json`. */
export function summaryOf(facts: CallFacts): Record<string, unknown> {
  return {
    outcome: facts.outcome,
    return_status: facts.returnStatus,
    return_char: facts.returnChar,
    signature_verified: facts.verified,
    unknown_fields: facts.unknownFields,
    missing_fields: facts.missingFields,
    trade_status: facts.reply?.trade_status,
  }
}
