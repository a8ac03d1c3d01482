import { startAuthentication } from '@simplewebauthn/browser'
import { api } from './api.js'

/**
 * The fresh passkey check a refund needs (signer/src/console/refund-authorisation.ts): call it
 * right before `POST /refunds`; one check serves one refund, within two minutes. The sandbox's demo
 * owner has no passkey and needs none.
 */
export async function confirmWithPasskey(): Promise<void> {
  const { ceremony, options } = await api<{ ceremony: string; options: never }>(
    'POST',
    '/verify/options',
  )
  const response = await startAuthentication({ optionsJSON: options })
  await api('POST', '/verify/verify', { ceremony, response })
}

/** A console refund, with its passkey check first (demo owner: none). */
export async function refundWithPasskey(
  body: { payment_id?: string; session_id?: string; amount: string; reason?: string },
  demo: boolean,
): Promise<unknown> {
  if (!demo) await confirmWithPasskey()
  return api('POST', '/refunds', body)
}
