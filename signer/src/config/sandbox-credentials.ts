/**
 * The documented sandbox credentials, shared by the built-in simulator and the signer's sandbox
 * mode (the default when no gateway is configured). Published on purpose: they move no money.
 */

/** The sandbox merchant's `user_confirm_key`. */
export const SANDBOX_USER_KEY = 'SANDBOX00001'

/** The sandbox merchant's secret. */
export const SANDBOX_SECRET = 'sandbox-secret-not-for-production'

/** The documented sandbox API key: usable only in sandbox mode, announced loudly in the log. */
export const SANDBOX_API_KEY = 'sk_sandbox_eftpay_signer_demo_key'
