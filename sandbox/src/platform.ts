import type { VariantsInput } from './variants.js'

/**
 * The eftPay platform the sandbox plays (sandbox/README.md, "Platforms"). VMP is the one eftPay's
 * public pages describe (docs/protocol.md). OAPM, eftPay's other online platform, has no public
 * pages we could read and no test environment; what the sandbox plays of it is what an integrator
 * recorded on live calls (docs/protocol.md, "OAPM"): the same servlets and signature under another
 * base path, notifications acknowledged only by the text `success`, refunds named
 * `service.common.Refund`, and the shopper sent back with the signed payload in the query.
 */

export const SANDBOX_PLATFORMS = ['vmp', 'oapm'] as const
export type SandboxPlatform = (typeof SANDBOX_PLATFORMS)[number]

export interface PlatformRules {
  /** Where the servlets are, under the sandbox root: `${basePath}/Servlet/JSAPIService.do`. */
  basePath: '/VMP' | '/OAPM/v1'
  /**
   * What acknowledges a notification: the VMP pages' signed JSON, and the text `success` integrators
   * use; on OAPM only the text (anything else is retried).
   */
  acknowledgement: 'text-or-signed-json' | 'text'
  /** How the shopper is sent to `return_url` when the options do not say. */
  returnMethod: 'POST' | 'GET'
  /** The answers to the open questions this platform plays unless the options say otherwise. */
  variants: VariantsInput
}

export const PLATFORM_RULES: Readonly<Record<SandboxPlatform, PlatformRules>> = {
  vmp: {
    basePath: '/VMP',
    acknowledgement: 'text-or-signed-json',
    returnMethod: 'POST',
    variants: {},
  },
  oapm: {
    basePath: '/OAPM/v1',
    acknowledgement: 'text',
    returnMethod: 'GET',
    // The refund table names service.common.Refund; the per-product names the VMP pages document
    // still work, the assumed ones do not (variants.ts, `refund_service`).
    variants: { refund_service: 'common' },
  },
}

/** The rules of a platform; unset is VMP. */
export function platformRules(platform: SandboxPlatform | undefined): PlatformRules {
  return PLATFORM_RULES[platform ?? 'vmp']
}
