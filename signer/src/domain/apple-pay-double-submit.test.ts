import { afterEach, describe, expect, it } from 'vitest'
import { tempDbPath } from '../../test/domain/harness.js'
import { dropTestDatabase } from '../../test/postgres/test-store.js'
import type { GatewayClient } from '../gateway/client.js'
import type { TradeReply } from '../gateway/messages.js'
import type { Db } from '../store/db.js'
import { openDatabase } from '../store/open.js'
import { createPaymentsService } from './payments-service.js'

const PHONE = { os: 'ios', mobile: true, in_app: 'none' } as const
const TOKEN = JSON.stringify({ version: 'EC_v1', data: 'x', signature: 'y', header: {} })
const opened: Db[] = []
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

describe.each([
  ['Apple Pay', 'payWithApplePay'],
  ['Google Pay', 'payWithGooglePay'],
] as const)('%s token payments', (_name, pay) => {
  it('refuses a second submit while the first token is with eftPay, even on another instance: one gateway order', async () => {
    let answer: ((reply: TradeReply) => void) | undefined
    let orders = 0
    const refuse = () => Promise.reject(new Error('not used here'))
    const place = (input: { out_trade_no: string }) => {
      orders++
      return new Promise<TradeReply>((resolve) => {
        answer = () =>
          resolve({
            return_status: '00',
            out_trade_no: input.out_trade_no,
            eft_trade_no: 'EFT1',
            trade_status: 'TRADE_SUCCESS',
            // A success is believed only for the payment's own amount (domain/stated-amount.ts).
            total_fee: '12.50',
            currency: 'HKD',
          })
      })
    }
    const gateway: GatewayClient = {
      applePay: place,
      googlePay: place,
      preOrder: refuse,
      query: refuse,
      refund: refuse,
      refundStatus: refuse,
    }
    // Two signer instances on one database (a SQLite file, or Postgres with SIGNER_TEST_STORE):
    // the guard must live in the store, not in one process's memory.
    const temp = tempDbPath()
    cleanups.push(temp.cleanup, () => dropTestDatabase(temp.url))
    const instance = async () => {
      const db = await openDatabase(temp.url)
      opened.push(db)
      return createPaymentsService({
        db,
        gateway,
        secret: 's',
        userKey: 'k',
        publicUrl: 'https://signer.example',
      })
    }
    const service = await instance()
    const other = await instance()
    const session = await service.createSession({
      amount: '12.50',
      currency: 'HKD',
      subject: 'Tea',
      successUrl: 'https://shop.example/ok',
      cancelUrl: 'https://shop.example/no',
    })

    const first = service[pay]({ sessionId: session.id, tokenId: TOKEN, device: PHONE })
    await expect.poll(() => orders).toBe(1)
    await expect(
      other[pay]({ sessionId: session.id, tokenId: TOKEN, device: PHONE }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'payment_in_progress',
      retryable: true,
    })
    answer?.({} as TradeReply)
    expect((await first).status).toBe('succeeded')
    expect(orders).toBe(1)
    await expect(
      service[pay]({ sessionId: session.id, tokenId: TOKEN, device: PHONE }),
    ).rejects.toMatchObject({ code: 'session_paid' })
  })
})
