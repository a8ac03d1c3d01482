import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, SANDBOX_SECRET, SANDBOX_USER_KEY } from '../config/index.js'
import { runCheckCli, withoutUrlCredentials } from './cli.js'

/**
 * A password written into EFTPAY_GATEWAY_URL (`https://user:password@host/VMP`) is refused at
 * start, naming the variable, and printed nowhere: not by `check` (text or JSON), not in the error.
 */

const USER = 'merchant-login-name'
const PASSWORD = 'pa55word-in-the-url'

const env = (gatewayUrl: string) => ({
  EFTPAY_GATEWAY_URL: gatewayUrl,
  EFTPAY_USER_KEY: SANDBOX_USER_KEY,
  EFTPAY_SECRET: SANDBOX_SECRET,
  SIGNER_API_KEY: 'credentials-test-api-key-0123456789',
  PUBLIC_URL: 'https://shop.example',
  ALLOWED_ORIGINS: 'https://shop.example',
  EFTPAY_WALLETS: 'ALIPAYHK',
})

// A closed local port: nothing may be sent to it anyway.
const withCredentials = [
  `http://${USER}:${PASSWORD}@127.0.0.1:9/VMP`,
  `https://${USER}:${encodeURIComponent(`${PASSWORD}@#`)}@vmp.example/VMP`,
  `https://${USER}@vmp.example/VMP`,
]

describe('credentials in EFTPAY_GATEWAY_URL', () => {
  it('are refused at start, naming the variable, without printing them', () => {
    for (const url of withCredentials) {
      let error: unknown
      try {
        loadConfig(env(url))
      } catch (caught) {
        error = caught
      }
      expect(error, url).toBeInstanceOf(ConfigError)
      const text = `${(error as ConfigError).message} ${(error as ConfigError).problems.join(' ')}`
      expect(text).toContain('EFTPAY_GATEWAY_URL')
      expect(text).not.toContain(PASSWORD)
      expect(text).not.toContain(USER)
    }
  })

  it('fail `check` and are printed neither in its text nor in its JSON', async () => {
    for (const url of withCredentials) {
      for (const argv of [[], ['--json']]) {
        let output = ''
        const code = await runCheckCli(argv, env(url), (text) => {
          output += text
        })
        expect(code, url).toBe(1)
        expect(output).toContain('EFTPAY_GATEWAY_URL')
        expect(output).not.toContain(PASSWORD)
        expect(output).not.toContain(encodeURIComponent(PASSWORD))
        expect(output).not.toContain(USER)
      }
    }
  })

  it('are refused in PUBLIC_URL too, and never printed by check', async () => {
    let output = ''
    for (const argv of [[], ['--json']]) {
      await runCheckCli(
        argv,
        { PUBLIC_URL: `http://${USER}:${PASSWORD}@127.0.0.1:8787` },
        (text) => {
          output += text
        },
      )
    }
    expect(output).toContain('PUBLIC_URL must not contain a user name or password')
    expect(output).not.toContain(PASSWORD)
    expect(output).not.toContain(USER)
  })

  it('are cut out of any text check prints (a second net)', () => {
    expect(
      withoutUrlCredentials(`fetch of http://${USER}:${PASSWORD}@127.0.0.1:8787/x failed`),
    ).toBe('fetch of http://[redacted]@127.0.0.1:8787/x failed')
  })
})
