import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Where the demo and the signer of this run listen (set by global-setup.ts), and the secrets the
 * browser must never see.
 */
function required(name: string): string {
  const value = process.env[name]
  if (!value)
    throw new Error(
      `${name} is not set: run the suite through tests/playwright.config.ts (its globalSetup starts the demo)`,
    )
  return value
}

export const demoUrl = (): string => required('E2E_DEMO_URL')
export const signerUrl = (): string => required('E2E_SIGNER_URL')
export const apiKey = (): string => required('E2E_API_KEY')
export const webhookSecret = (): string => required('E2E_WEBHOOK_SECRET')
/** A port the signer accepts as a storefront origin (`http://127.0.0.1:<port>`), for a plain page. */
export const plainPort = (): number => Number(required('E2E_PLAIN_PORT'))

/**
 * The gateway secret the sandbox signs with. The demo sets none, so the signer uses the documented
 * sandbox value; it is read from the signer's source so this test follows it if it changes.
 */
export function sandboxGatewaySecret(): string {
  const source = readFileSync(
    fileURLToPath(new URL('../../signer/src/config/sandbox-credentials.ts', import.meta.url)),
    'utf8',
  )
  const match = /export const SANDBOX_SECRET\s*=\s*'([^']+)'/.exec(source)
  if (!match?.[1])
    throw new Error('SANDBOX_SECRET not found in signer/src/config/sandbox-credentials.ts')
  return match[1]
}
