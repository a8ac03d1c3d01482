import { PLATFORM_PRESETS } from '../gateway/settings.js'
import { isLocalHost, tryUrl } from './parsers.js'
import { SANDBOX_API_KEY } from './sandbox-credentials.js'
import type { Mode, Requirement, ValueOf } from './variable.js'
import { VARIABLES, type VariableName, type Variables } from './variables.js'

/**
 * The rules across variables: what one variable asks of others (the mode, the wallet list, its
 * pair). Each variable's own format is checked by its row's parser (variables.ts); these run after
 * every row is read. Each problem is a full sentence naming the variable(s) and what to do.
 */

export type Values = { [K in VariableName]: ValueOf<Variables[K]> }

export interface RuleInput {
  mode: Mode
  /** Every variable's value: what was set, else its fallback. */
  values: Values
  /** Whether the variable was set (to something other than blanks). */
  isSet(name: VariableName): boolean
}

export interface Rule {
  /** Short and unique; tests refer to it. */
  name: string
  /** What it asks, in one sentence. */
  description: string
  check(input: RuleInput): string[]
}

const NAMES = Object.keys(VARIABLES) as VariableName[]
const requiring = (requirement: Requirement) =>
  NAMES.filter((name) => VARIABLES[name].required === requirement)
const hintOf = (name: VariableName): string =>
  VARIABLES[name].hint ?? 'set it (docs/deploy.md, "Environment reference")'

/** The variable a `with X` row goes with. */
export function partnerOf(name: VariableName): VariableName | undefined {
  const required: string = VARIABLES[name].required
  return required.startsWith('with ') ? (required.slice(5) as VariableName) : undefined
}

/** `APPLEPAY` or `GOOGLEPAY` in live mode asks for the rows marked `live, with <wallet>`. */
function walletRule(wallet: 'APPLEPAY' | 'GOOGLEPAY', label: string): Rule {
  const names = requiring(`live, with ${wallet}`)
  const wanted = wallet === 'APPLEPAY' ? 'applePayWanted' : 'googlePayWanted'
  return {
    name: `${wallet.toLowerCase()}-in-live-mode`,
    description: `${label} in live mode needs ${names.join(', ')}.`,
    check: ({ mode, values, isSet }) =>
      mode === 'live' && values.EFTPAY_WALLETS[wanted]
        ? names
            .filter((name) => !isSet(name))
            .map(
              (name) =>
                `${name} is required for ${label} in live mode (or remove ${wallet} from EFTPAY_WALLETS).`,
            )
        : [],
  }
}

/** URLs that must be https in live mode, and why (EFTPAY_GATEWAY_URL's own parser says it for it). */
const HTTPS_IN_LIVE_MODE = {
  PUBLIC_URL:
    'must use https in live mode (plain http is allowed only for localhost): eftPay and shoppers reach the signer there.',
  MERCHANT_WEBHOOK_URL: 'must use https in live mode (plain http only to localhost).',
} as const satisfies Partial<Record<VariableName, string>>

/**
 * What the gateway base's path says against EFTPAY_PLATFORM (docs/protocol.md "OAPM"): the signer
 * adds `/Servlet/<servlet>` itself; OAPM's base ends in `/OAPM/v1`; a VMP signer pointed at an
 * OAPM base would acknowledge notifications in a form OAPM keeps retrying. VMP's production base
 * is issued per merchant, so nothing more is asked of it.
 */
function gatewayPathProblems({ mode, values }: RuleInput): string[] {
  const url = mode === 'live' ? tryUrl(values.EFTPAY_GATEWAY_URL ?? '') : undefined
  if (!url) return []
  const path = url.pathname.replace(/\/+$/, '')
  const preset = PLATFORM_PRESETS[values.EFTPAY_PLATFORM ?? 'vmp']
  if (/\/servlet$/i.test(path))
    return [
      `EFTPAY_GATEWAY_URL must end before /Servlet (the signer adds /Servlet/<servlet>): set it to ${url.origin}${path.replace(/\/servlet$/i, '')}.`,
    ]
  const oapmPath = /\/OAPM(\/|$)/i.test(path)
  if (preset.name === 'OAPM' && !path.toLowerCase().endsWith(preset.basePath.toLowerCase()))
    return [
      `EFTPAY_GATEWAY_URL must end in ${preset.basePath} with EFTPAY_PLATFORM=oapm, like ${preset.exampleBase}.`,
    ]
  if (preset.name === 'VMP' && oapmPath)
    return [
      `EFTPAY_GATEWAY_URL is an OAPM gateway (${path}): set EFTPAY_PLATFORM=oapm, or use the VMP base eftPay gave you.`,
    ]
  return []
}

export const RULES: readonly Rule[] = [
  {
    name: 'live-mode-needs-its-variables',
    description: `Live mode (EFTPAY_GATEWAY_URL set) needs ${requiring('live').join(', ')}.`,
    check: ({ mode, isSet }) =>
      mode === 'live'
        ? requiring('live')
            .filter((name) => !isSet(name))
            .map((name) => `${name} is required in live mode: ${hintOf(name)}.`)
        : [],
  },
  {
    name: 'no-sandbox-api-key-in-live-mode',
    description: 'Live mode refuses the documented sandbox SIGNER_API_KEY.',
    // The sandbox key is published in the docs: in live mode it would let anyone refund every payment.
    check: ({ mode, values }) =>
      mode === 'live' && values.SIGNER_API_KEY === SANDBOX_API_KEY
        ? [
            'SIGNER_API_KEY is the documented sandbox key: set your own random key (e.g. `openssl rand -hex 32`).',
          ]
        : [],
  },
  {
    name: 'https-in-live-mode',
    description: `Live mode needs https for ${Object.keys(HTTPS_IN_LIVE_MODE).join(', ')} (plain http only to localhost).`,
    check: ({ mode, values }) =>
      mode === 'live'
        ? Object.entries(HTTPS_IN_LIVE_MODE).flatMap(([name, message]) => {
            const url = tryUrl(values[name as keyof typeof HTTPS_IN_LIVE_MODE] ?? '')
            return url?.protocol === 'http:' && !isLocalHost(url.hostname)
              ? [`${name} ${message}`]
              : []
          })
        : [],
  },
  {
    name: 'gateway-url-fits-platform',
    description:
      'EFTPAY_GATEWAY_URL ends before /Servlet, in /OAPM/v1 with EFTPAY_PLATFORM=oapm, and is no OAPM base without it.',
    check: gatewayPathProblems,
  },
  walletRule('APPLEPAY', 'Apple Pay'),
  walletRule('GOOGLEPAY', 'Google Pay'),
  {
    name: 'pairs-set-together',
    description:
      'A variable marked `with X` and X are set together or not at all (MERCHANT_WEBHOOK_SECRET with MERCHANT_WEBHOOK_URL).',
    check: ({ isSet }) =>
      NAMES.flatMap((name) => {
        const partner = partnerOf(name)
        if (!partner || isSet(name) === isSet(partner)) return []
        return isSet(partner)
          ? [`${name} is required with ${partner}: ${hintOf(name)}.`]
          : [`${partner} is required with ${name}: ${hintOf(partner)}, or unset both.`]
      }),
  },
]

/** Every rule's problems, in the order of `RULES`. */
export function checkRules(input: RuleInput): string[] {
  return RULES.flatMap((rule) => rule.check(input))
}
