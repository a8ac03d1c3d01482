import { readFileSync } from 'node:fs'
import type { Proc } from './processes.js'

/**
 * A signer process's memory: resident set from /proc (Linux), and what its own `/metrics` says of
 * V8 (prom-client's default metrics), so the rest of the RSS (native: V8's code and its other
 * spaces, libsql's SQLite and its page cache, OpenSSL, Node itself) can be told from the JS heap.
 */

export interface MemoryFigures {
  rssMb?: number
  /** V8 heap: reserved (total) and live objects (used). */
  heapTotalMb?: number
  heapUsedMb?: number
  /** Memory V8 knows of outside its heap (Buffers, ArrayBuffers). */
  externalMb?: number
}

/** Resident memory (MB) of a process, from /proc (Linux); undefined elsewhere. */
export function rssMb(proc: Proc): number | undefined {
  try {
    const status = readFileSync(`/proc/${proc.child.pid}/status`, 'utf8')
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1])
    return Number.isFinite(kb) ? kb / 1024 : undefined
  } catch {
    return undefined
  }
}

const MB = 1024 * 1024
function metric(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)
  return match ? Number(match[1]) / MB : undefined
}

/** RSS and the signer's V8 heap (from its `/metrics`); the heap figures are missing if it does not answer. */
export async function memory(proc: Proc): Promise<MemoryFigures> {
  const out: MemoryFigures = {}
  const rss = rssMb(proc)
  if (rss !== undefined) out.rssMb = rss
  try {
    const res = await fetch(`${proc.url}/metrics`, { signal: AbortSignal.timeout(5_000) })
    const text = await res.text()
    const heapTotal = metric(text, 'nodejs_heap_size_total_bytes')
    const heapUsed = metric(text, 'nodejs_heap_size_used_bytes')
    const external = metric(text, 'nodejs_external_memory_bytes')
    if (heapTotal !== undefined) out.heapTotalMb = heapTotal
    if (heapUsed !== undefined) out.heapUsedMb = heapUsed
    if (external !== undefined) out.externalMb = external
  } catch {
    // Heap figures are a breakdown, not a figure of their own: RSS alone still stands.
  }
  return out
}

const mb = (n: number | undefined) => (n === undefined ? '?' : n.toFixed(1))
/** `228.0 MB (heap 40.1/52.3 MB used/total, external 3.2 MB)`. */
export function describeMemory(m: MemoryFigures): string {
  return `${mb(m.rssMb)} MB (V8 heap ${mb(m.heapUsedMb)}/${mb(m.heapTotalMb)} MB used/reserved, external ${mb(m.externalMb)} MB)`
}
