import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { systemClock } from '../../signer/src/contract/clock.js'
import { createPaymentsService } from '../../signer/src/domain/payments-service.js'
import type { GatewayClient } from '../../signer/src/gateway/client.js'
import { formatGatewayTime } from '../../signer/src/gateway/hk-time.js'
import { signPayload } from '../../signer/src/gateway/sign.js'
import { openDatabase } from '../../signer/src/store/open.js'
import { type LoadResult, load } from './load.js'
import { cpuMs, SANDBOX_SECRET, SANDBOX_USER_KEY, startBenchSigner } from './processes.js'
import { SHOP_ORIGIN } from './relay-bench.js'

/**
 * Notifications applied per second: N pending payments are created directly with the domain
 * service on a fresh SQLite file (its gateway is a stub that accepts every PreOrder: creating them
 * is not what is measured), then a signer process is started on that file and N distinct signed
 * `TRADE_SUCCESS` notifications, one per payment, are POSTed to `/v1/gateway/notify` concurrently.
 * Each is verified, stored before it is acknowledged, and applied in a transaction that marks the
 * payment succeeded, the session paid and queues the merchant webhook events. The run is checked
 * afterwards: every payment must be succeeded, every notification applied. A warm-up of 300 other
 * notifications goes first, unmeasured.
 */

export interface NotifyFigures {
  load: LoadResult
  /** Notifications both acknowledged (200) and found applied in the file afterwards, per second. */
  perSecond: number
  /** Answered 200 in the measured run. */
  acknowledged: number
  applied: number
  payments: number
  /** The signer's CPU ms per notification (Linux). */
  cpuPerNotification?: number
}

/** A stub gateway: every PreOrder is accepted with a made-up eftPay order number. */
function acceptingGateway(): GatewayClient {
  let n = 0
  const refuse = () => Promise.reject(new Error('not used by this benchmark'))
  return {
    preOrder: async (input) => {
      n += 1
      const eft = `852${String(n).padStart(24, '0')}`
      return {
        return_status: '00',
        pay_apptrade: `https://pay.example/${eft}`,
        eft_trade_no: eft,
        out_trade_no: input.out_trade_no,
      }
    },
    applePay: refuse,
    googlePay: refuse,
    query: refuse,
    refund: refuse,
    refundStatus: refuse,
  }
}

/** Creates `count` sessions with one pending ALIPAYHK payment each; returns their notification fields. */
async function seed(dbFile: string, count: number) {
  const db = await openDatabase(`sqlite:${dbFile}`)
  const service = createPaymentsService({
    db,
    gateway: acceptingGateway(),
    secret: SANDBOX_SECRET,
    userKey: SANDBOX_USER_KEY,
    publicUrl: 'http://127.0.0.1:9',
  })
  const orders: Array<{ outTradeNo: string; eftTradeNo: string }> = []
  try {
    let next = 0
    const worker = async () => {
      while (next < count) {
        next += 1
        const session = await service.createSession({
          amount: '128.00',
          currency: 'HKD',
          subject: 'Tea for two',
          successUrl: `${SHOP_ORIGIN}/thanks`,
          cancelUrl: `${SHOP_ORIGIN}/cart`,
        })
        const { payment } = await service.startPayment({
          sessionId: session.id,
          wallet: 'ALIPAYHK',
          device: { os: 'ios', mobile: true, in_app: 'none' },
        })
        orders.push({ outTradeNo: payment.outTradeNo, eftTradeNo: payment.eftTradeNo ?? '' })
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
  } finally {
    await db.close()
  }
  return orders
}

/** The notification eftPay sends when a web/WAP trade is paid (docs/protocol.md, notifications), signed. */
function paidNotification(order: { outTradeNo: string; eftTradeNo: string }): string {
  const now = systemClock()
  return JSON.stringify(
    signPayload(
      {
        notify_type: 'trade_status_sync',
        user_confirm_key: SANDBOX_USER_KEY,
        trade_no: `2026${order.eftTradeNo.slice(-12)}`,
        transaction_id: `2026${order.eftTradeNo.slice(-12)}`,
        out_trade_no: order.outTradeNo,
        eft_trade_no: order.eftTradeNo,
        eftpay_trade_no: order.eftTradeNo,
        total_fee: '128.00',
        currency: 'HKD',
        trade_status: 'TRADE_SUCCESS',
        gmt_payment: now.toISOString().slice(0, 19).replace('T', ' '),
        wallet: 'ALIPAYHK',
        trade_type: 'SALE',
        time: formatGatewayTime(now),
      },
      SANDBOX_SECRET,
    ),
  )
}

/** Notifications sent first, unmeasured, so the signer's code is compiled and its caches warm. */
const WARM_UP = 300

export async function benchNotify(options: {
  gateway: string
  count: number
  connections: number
  nodeArgs?: string[]
}): Promise<NotifyFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'eftpay-bench-notify-'))
  const dbFile = join(dir, 'notify.db')
  try {
    const orders = await seed(dbFile, options.count + WARM_UP)
    const warm = orders.slice(0, WARM_UP).map(paidNotification)
    const bodies = orders.slice(WARM_UP).map(paidNotification)
    const signer = await startBenchSigner({
      gateway: options.gateway,
      dbFile,
      origins: [SHOP_ORIGIN],
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
    })
    let result: LoadResult
    let cpu: number | undefined
    try {
      await load({
        url: `${signer.url}/v1/gateway/notify`,
        connections: options.connections,
        amount: warm.length,
        body: (i) => warm[i] as string,
        ok: [200],
      })
      const before = cpuMs(signer)
      result = await load({
        url: `${signer.url}/v1/gateway/notify`,
        connections: options.connections,
        amount: bodies.length,
        body: (i) => bodies[i] as string,
        ok: [200],
      })
      const after = cpuMs(signer)
      if (before !== undefined && after !== undefined) cpu = (after - before) / result.requests
    } finally {
      await signer.stop()
    }
    // Read the outcome from the file itself, after the signer is gone: only what is durable counts.
    const db = await openDatabase(`sqlite:${dbFile}`)
    try {
      const [succeeded] = await db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM payments WHERE status = 'succeeded'",
      )
      const [applied] = await db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM notifications WHERE result = 'applied'",
      )
      // Counted over the measured run only (the warm-up's are applied too). Only what was both
      // acknowledged and is applied in the file counts: an error answer or a notification
      // acknowledged but not applied would otherwise pass for throughput.
      const acknowledged = result.statuses['200'] ?? 0
      const appliedCount = Number(applied?.n ?? 0) - WARM_UP
      return {
        load: result,
        perSecond: Math.min(acknowledged, appliedCount) / result.seconds,
        acknowledged,
        applied: appliedCount,
        payments: Number(succeeded?.n ?? 0) - WARM_UP,
        ...(cpu !== undefined ? { cpuPerNotification: cpu } : {}),
      }
    } finally {
      await db.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
