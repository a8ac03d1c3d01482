import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * WAL checkpoints off the event loop. By default SQLite checkpoints inside the COMMIT that takes
 * the WAL past 1000 pages: it copies them into the database file and fsyncs both, synchronously on
 * the signer's one event loop, for 10–300 ms on a busy machine, and every request in flight waits
 * (bench/README.md, `signer_p99_overhead_ms`). Instead the signer's connections turn automatic
 * checkpoints off and this worker thread, with a connection of its own, runs a PASSIVE checkpoint
 * every `intervalMs`: PASSIVE never waits for or blocks readers and writers, and a checkpoint
 * changes nothing about durability (a commit is in the WAL before COMMIT returns either way).
 * Should the worker fail, `onFailure` is told, so the caller can turn automatic checkpoints back on
 * rather than let the WAL grow.
 */

/** The worker's whole program (CommonJS, evaluated): a connection and a timer. */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path)
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
const timer = setInterval(() => checkpoint.all(), workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  try { checkpoint.all() } finally { db.close(); parentPort.close() }
})
`

export interface WalCheckpointer {
  /** Runs a last checkpoint, closes the worker's connection and waits for it to exit. */
  close(): Promise<void>
}

export function startWalCheckpointer(options: {
  path: string
  intervalMs?: number
  onFailure: (error: unknown) => void
}): WalCheckpointer {
  const worker = new Worker(PROGRAM, {
    eval: true,
    workerData: {
      // Resolved here, so the worker loads the same libsql as the signer, bundled or not.
      driver: createRequire(import.meta.url).resolve('libsql'),
      path: options.path,
      intervalMs: options.intervalMs ?? 1000,
    },
    // A connection and a timer: a small heap is plenty (each thread's V8 heap costs memory).
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  })
  worker.unref()
  let failed = false
  worker.on('error', (error) => {
    failed = true
    options.onFailure(error)
  })
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    async close() {
      if (!failed) worker.postMessage('close')
      await exited
    },
  }
}

/**
 * Turns a connection's automatic checkpoints off and starts the worker; should the worker fail,
 * turns them back on (`setPragma` runs a PRAGMA on the signer's writer connection).
 */
export function checkpointInBackground(
  path: string,
  setPragma: (pragma: string) => void,
): WalCheckpointer {
  setPragma('PRAGMA wal_autocheckpoint = 0')
  return startWalCheckpointer({
    path,
    onFailure: () => setPragma('PRAGMA wal_autocheckpoint = 1000'),
  })
}
