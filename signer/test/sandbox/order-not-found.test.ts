import { RETURN_CODES } from '@eftpay/sandbox'
import { describe, expect, it } from 'vitest'
import { parseGatewaySettings } from '../../src/config/index.js'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { DEFAULT_GATEWAY_SETTINGS } from '../../src/gateway/settings.js'
import { preOrderInput, useSandboxAndReceiver } from './harness.js'

/** docs/protocol.md "Order does not exist", over HTTP against the sandbox. */

const setup = useSandboxAndReceiver()
const sandboxSettings = parseGatewaySettings({}, 'sandbox', [])

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(GatewayError)
  return error as GatewayError
}

describe('a query refusal', () => {
  it("is order-not-found for the sandbox's documented code in sandbox mode", async () => {
    const { h } = await setup()
    const error = await failure(
      h
        .client({ settings: sandboxSettings })
        .query({ querytype: 'OUT_TRADE', out_trade_no: 'NEVERPLACED1' }),
    )
    expect(error).toMatchObject({
      kind: 'order-not-found',
      returnStatus: RETURN_CODES.ORDER_NOT_FOUND,
    })
  })

  it('is only rejected with live settings (no documented code)', async () => {
    const { h } = await setup()
    const error = await failure(
      h
        .client({ settings: DEFAULT_GATEWAY_SETTINGS })
        .query({ querytype: 'OUT_TRADE', out_trade_no: 'NEVERPLACED2' }),
    )
    expect(error.kind).toBe('rejected')
  })

  it('stays rejected for a time-window, signature or system class refusal of an existing order', async () => {
    const { h } = await setup()
    const placed = await h.client().preOrder(preOrderInput())
    const query = { querytype: 'OUT_TRADE' as const, out_trade_no: placed.out_trade_no }
    const late = () => new Date(h.clock().getTime() + 3_600_000)
    const time = await failure(h.client({ settings: sandboxSettings, clock: late }).query(query))
    expect(time).toMatchObject({ kind: 'rejected', returnStatus: RETURN_CODES.TIME_WINDOW })
    const signature = await failure(
      h.client({ settings: sandboxSettings, secret: 'not-the-secret' }).query(query),
    )
    expect(signature.kind).toBe('signature') // a refusal signed with the real secret fails our check first
    const key = await failure(
      h.client({ settings: sandboxSettings, userKey: 'OTHERKEY0001' }).query(query),
    )
    expect(key).toMatchObject({ kind: 'rejected', returnStatus: RETURN_CODES.UNKNOWN_USER_KEY })
  })
})
