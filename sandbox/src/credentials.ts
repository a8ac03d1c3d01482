/**
 * The sandbox merchant's documented credentials: the `user_confirm_key` and secret the sandbox
 * answers when none are given. Published on purpose (they move no money); the signer's sandbox
 * mode defaults to the same values, and a signer test checks that the two agree.
 */

/** The sandbox merchant's `user_confirm_key`. */
export const SANDBOX_USER_KEY = 'SANDBOX00001'

/** The sandbox merchant's secret. */
export const SANDBOX_SECRET = 'sandbox-secret-not-for-production'
