import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPaymentsService } from '../../signer/src/domain/payments-service.js'
import { openDatabase } from '../../signer/src/store/open.js'
import { benchNotify } from './notify-bench.js'
import {
  cpuMs,
  type Proc,
  SANDBOX_SECRET,
  SANDBOX_USER_KEY,
  startBenchSigner,
  startSandbox,
} from './processes.js'
import { SHOP_ORIGIN, startPayments } from './relay-bench.js'

/**
 * `pnpm --dir bench cpu`: the signer's CPU time per payment started and per notification only,
 * without the browser, the baseline or the paced runs of `pnpm bench`. CPU time per request (from
 * /proc, Linux) hardly depends on what else the machine runs, so it is the figure to compare while
 * working on the hot paths. Knobs (env): CPU_PAYMENTS (3000), CPU_NOTIFICATIONS (3000),
 * BENCH_CONNECTIONS (50), CPU_PROFILE_DIR (set: the signer runs with `--cpu-prof` into it).
 */

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
const PAYMENTS = num('CPU_PAYMENTS', 3000)
const NOTIFICATIONS = num('CPU_NOTIFICATIONS', 3000)
const CONNECTIONS = num('BENCH_CONNECTIONS', 50)
const profileDir = process.env.CPU_PROFILE_DIR
const profileArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined

/**
 * Creates sessions straight in the database file (the domain service, no HTTP), so that a profile
 * of the signer holds payment starts only.
 */
async function seedSessions(
  dbFile: string,
  count: number,
): Promise<Array<{ id: string; secret: string }>> {
  const db = await openDatabase(`sqlite:${dbFile}`)
  const refuse = () => Promise.reject(new Error('not used'))
  const service = createPaymentsService({
    db,
    gateway: {
      preOrder: refuse,
      applePay: refuse,
      googlePay: refuse,
      query: refuse,
      refund: refuse,
      refundStatus: refuse,
    },
    secret: SANDBOX_SECRET,
    userKey: SANDBOX_USER_KEY,
    publicUrl: 'http://127.0.0.1:9',
  })
  try {
    const out: Array<{ id: string; secret: string }> = []
    for (let i = 0; i < count; i++) {
      const session = await service.createSession({
        amount: '128.00',
        currency: 'HKD',
        subject: 'Tea for two',
        successUrl: `${SHOP_ORIGIN}/thanks`,
        cancelUrl: `${SHOP_ORIGIN}/cart`,
      })
      out.push({ id: session.id, secret: session.clientSecret })
    }
    return out
  } finally {
    await db.close()
  }
}

async function payments(signer: Proc, sessions: Array<{ id: string; secret: string }>) {
  const before = cpuMs(signer)
  const result = await startPayments(signer.url, sessions, { connections: CONNECTIONS })
  const after = cpuMs(signer)
  if (result.errors > 0)
    throw new Error(`payment starts failed: ${JSON.stringify(result.statuses)}`)
  return {
    result,
    cpu:
      before === undefined || after === undefined ? undefined : (after - before) / result.requests,
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'eftpay-cpu-'))
  const sandbox = await startSandbox()
  try {
    const dbFile = join(dir, 'signer.db')
    const sessions = await seedSessions(dbFile, PAYMENTS + 500)
    const signer = await startBenchSigner({
      gateway: sandbox.gateway,
      dbFile,
      origins: [SHOP_ORIGIN],
      ...(profileArgs ? { nodeArgs: profileArgs } : {}),
    })
    try {
      await payments(signer, sessions.slice(0, 500))
      const pay = await payments(signer, sessions.slice(500))
      console.log(
        `payment start: ${pay.cpu?.toFixed(3)} ms CPU/request, ${pay.result.rps.toFixed(0)}/s, p99 ${pay.result.p99} ms`,
      )
    } finally {
      await signer.stop()
    }
    const notify = await benchNotify({
      gateway: sandbox.gateway,
      count: NOTIFICATIONS,
      connections: CONNECTIONS,
      ...(profileArgs ? { nodeArgs: profileArgs } : {}),
    })
    if (notify.applied !== NOTIFICATIONS || notify.payments !== NOTIFICATIONS)
      throw new Error(`notifications not all applied: ${JSON.stringify(notify)}`)
    console.log(
      `notification: ${notify.cpuPerNotification?.toFixed(3)} ms CPU/request, ${notify.perSecond.toFixed(0)}/s, p99 ${notify.load.p99} ms`,
    )
  } finally {
    await sandbox.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
