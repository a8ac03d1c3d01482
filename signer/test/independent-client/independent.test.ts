import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { RETURN_CODES, SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SandboxHarness, startSandbox } from '../sandbox/harness.js'

const run = promisify(execFile)
const script = fileURLToPath(new URL('./client.py', import.meta.url))

interface Summary {
  ok: boolean
  distinct_codes: boolean
  preorder: {
    return_status: string
    signature_valid: boolean
    eft_trade_no: string
    pay_apptrade: string
    out_trade_no_echoed: boolean
  }
  refusals: Record<
    string,
    { return_status: string; refused: boolean; return_char: string; signature_valid: boolean }
  >
}

// The script computes `time` from the real clock, so this sandbox runs on the system clock.
const realClock = Object.assign(() => new Date(), {
  advance(): void {
    throw new Error('the real clock cannot be moved')
  },
})
let h: SandboxHarness
beforeAll(async () => {
  h = await startSandbox({ clock: realClock })
})
afterAll(async () => {
  await h.close()
})

async function runClient(secret = SANDBOX_SECRET): Promise<{ summary: Summary; code: number }> {
  const args = [script, '--base', h.gatewayUrl, '--user-key', SANDBOX_USER_KEY, '--secret', secret]
  try {
    const { stdout } = await run('python3', args, { timeout: 60_000 })
    return { summary: JSON.parse(stdout) as Summary, code: 0 }
  } catch (error) {
    const failed = error as { stdout?: string; code?: number }
    return { summary: JSON.parse(failed.stdout ?? '{}') as Summary, code: failed.code ?? -1 }
  }
}

describe('an independent Python client written from docs/protocol.md', () => {
  it('places a PreOrder, verifies the reply with its own code, and is refused for each bad request', async () => {
    const { summary, code } = await runClient()
    expect(summary.preorder).toMatchObject({
      return_status: '00',
      signature_valid: true,
      out_trade_no_echoed: true,
    })
    expect(summary.preorder.pay_apptrade).toBe(
      `${h.sandboxUrl}/pay/${summary.preorder.eft_trade_no}`,
    )
    expect(summary.refusals).toMatchObject({
      wrong_signature: {
        return_status: RETURN_CODES.SIGNATURE,
        refused: true,
        signature_valid: true,
      },
      too_long_field: {
        return_status: RETURN_CODES.PARAMETER,
        refused: true,
        signature_valid: true,
      },
      bad_amount: { return_status: RETURN_CODES.AMOUNT, refused: true, signature_valid: true },
      stale_time: { return_status: RETURN_CODES.TIME_WINDOW, refused: true, signature_valid: true },
      unknown_key: {
        return_status: RETURN_CODES.UNKNOWN_USER_KEY,
        refused: true,
        signature_valid: true,
      },
      duplicate_out_trade_no: {
        return_status: RETURN_CODES.DUPLICATE_OUT_TRADE_NO,
        refused: true,
        signature_valid: true,
      },
    })
    expect(summary.distinct_codes).toBe(true)
    expect(summary.ok).toBe(true)
    expect(code).toBe(0)
  })

  it('fails (exit 1) when it holds a different secret: every request is refused and nothing verifies', async () => {
    const { summary, code } = await runClient('a-different-secret')
    expect(summary.ok).toBe(false)
    expect(summary.preorder.return_status).toBe(RETURN_CODES.SIGNATURE)
    expect(summary.preorder.signature_valid).toBe(false)
    expect(code).toBe(1)
  })
})
