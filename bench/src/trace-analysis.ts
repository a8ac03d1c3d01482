/**
 * Reading a Chromium trace of a page load for `trace-demo.ts`: the renderer main thread's tasks by
 * kind, the sampled JS self time per function, and the totals between the signer's last answer and
 * the first clickable wallet.
 */

export interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { data?: Record<string, unknown>; name?: string }
}

/** What a task spent its time on, by the kind of its longest children. */
function kindOf(event: TraceEvent): string {
  const data = event.args?.data ?? {}
  switch (event.name) {
    case 'EvaluateScript':
    case 'v8.compileModule':
    case 'v8.evaluateModule':
      return `script ${shortUrl(String(data.url ?? data.fileName ?? ''))}`
    case 'FunctionCall':
      return `script ${shortUrl(String(data.url ?? ''))} ${String(data.functionName ?? '')}`.trim()
    case 'TimerFire':
    case 'FireAnimationFrame':
    case 'EventDispatch':
      return `${event.name} ${String(data.type ?? '')}`.trim()
    case 'UpdateLayoutTree':
    case 'RecalculateStyles':
      return 'style'
    case 'Layout':
      return 'layout'
    case 'Paint':
    case 'PrePaint':
    case 'Layerize':
    case 'UpdateLayer':
    case 'CompositeLayers':
      return 'paint'
    case 'ParseHTML':
      return 'parse HTML'
    case 'ParseAuthorStyleSheet':
      return 'parse CSS'
    case 'Decode Image':
    case 'ImageDecodeTask':
      return 'image decode'
    case 'ResourceReceiveResponse':
    case 'ResourceFinish':
    case 'ResourceReceivedData':
      return 'network'
    default:
      return event.name
  }
}
const shortUrl = (url: string) => url.replace(/^https?:\/\/[^/]+/, '') || '(inline)'

export interface Marks {
  /** When the clock started (the time-to-wallets page's connect); absent on the demo page. */
  start?: number
  clickable: number
  lastSigner: number
  resources: Array<{ name: string; start: number; end: number }>
}

export function report(events: TraceEvent[], marks: Marks) {
  const nav = events.find(
    (e) => e.name === 'navigationStart' && e.cat.includes('blink.user_timing'),
  )
  const main = events.find(
    (e) =>
      e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && nav && e.pid === nav.pid,
  )
  if (!nav || !main) throw new Error('no navigationStart or renderer main thread in the trace')
  const at = (e: TraceEvent) => (e.ts - nav.ts) / 1000
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X')
  const tasks = onMain.filter((e) => e.name === 'RunTask' && at(e) <= marks.clickable + 1)
  console.log(
    `\nload: ${marks.start === undefined ? '' : `connected ${marks.start.toFixed(0)} ms, `}last signer answer ${marks.lastSigner.toFixed(0)} ms, clickable ${marks.clickable.toFixed(0)} ms (from navigation start)`,
  )
  console.log(
    `resources: ${marks.resources.map((r) => `${r.name} ${r.start}-${r.end}`).join(', ')}`,
  )
  const window: Record<string, number> = {}
  for (const task of tasks) {
    const start = at(task)
    const dur = (task.dur ?? 0) / 1000
    const children = onMain.filter(
      (e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0),
    )
    // Attribute the task to its direct-ish children: the top-level ones (not inside another child).
    const top = children.filter(
      (c) =>
        !children.some(
          (o) =>
            o !== c &&
            o.ts <= c.ts &&
            o.ts + (o.dur ?? 0) >= c.ts + (c.dur ?? 0) &&
            (o.dur ?? 0) > (c.dur ?? 0),
        ),
    )
    const byKind: Record<string, number> = {}
    for (const c of top) byKind[kindOf(c)] = (byKind[kindOf(c)] ?? 0) + (c.dur ?? 0) / 1000
    const parts = Object.entries(byKind)
      .filter(([, ms]) => ms >= 0.3)
      .sort((a, b) => b[1] - a[1])
      .map(([k, ms]) => `${k} ${ms.toFixed(1)}`)
    if (dur >= 1)
      console.log(
        `  ${start.toFixed(0).padStart(5)} ms  task ${dur.toFixed(1)} ms: ${parts.join(', ')}`,
      )
    if (start + dur > marks.lastSigner) {
      const inside = Math.min(dur, start + dur - Math.max(start, marks.lastSigner))
      const scale = dur > 0 ? inside / dur : 0
      for (const [k, ms] of Object.entries(byKind)) window[k] = (window[k] ?? 0) + ms * scale
      window['(task total)'] = (window['(task total)'] ?? 0) + inside
    }
  }
  if (marks.start !== undefined)
    console.log(
      `JS self time by function (sampled), ${marks.start.toFixed(0)}-${marks.lastSigner.toFixed(0)} ms: ${jsSelfTime(events, nav, marks.start, marks.lastSigner)}`,
    )
  console.log(
    `JS self time by function (sampled), ${marks.lastSigner.toFixed(0)}-${marks.clickable.toFixed(0)} ms: ${jsSelfTime(events, nav, marks.lastSigner, marks.clickable)}`,
  )
  // Rendering work wherever it ran (a forced layout inside a script counts here too).
  const rendering: Record<string, number> = {}
  for (const e of onMain) {
    const kind = kindOf(e)
    if (!['style', 'layout', 'paint', 'parse HTML'].includes(kind)) continue
    const start = at(e)
    if (start < marks.lastSigner || start > marks.clickable) continue
    rendering[kind] = (rendering[kind] ?? 0) + (e.dur ?? 0) / 1000
  }
  console.log(
    `rendering in that window, nested included: ${Object.entries(rendering)
      .map(([k, ms]) => `${k} ${ms.toFixed(1)}`)
      .join(', ')}`,
  )
  const gap = marks.clickable - marks.lastSigner
  console.log(
    `between the last answer and clickable (${gap.toFixed(0)} ms), main-thread work by kind: ${Object.entries(
      window,
    )
      .filter(([, ms]) => ms >= 0.5)
      .sort((a, b) => b[1] - a[1])
      .map(([k, ms]) => `${k} ${ms.toFixed(1)}`)
      .join(', ')}`,
  )
}

/** Self time per JS function in [from, to] ms after `nav`, from the trace's sampling profile. */
function jsSelfTime(events: TraceEvent[], nav: TraceEvent, from: number, to: number): string {
  interface Node {
    id: number
    parent?: number
    callFrame: { functionName: string; url: string; lineNumber?: number }
  }
  const nodes = new Map<number, Node>()
  const self: Record<string, number> = {}
  for (const profile of events.filter((e) => e.name === 'Profile' && e.pid === nav.pid)) {
    let t = Number((profile.args?.data as { startTime?: number } | undefined)?.startTime ?? 0)
    const id = (profile as { id?: string }).id
    for (const chunk of events.filter(
      (e) => e.name === 'ProfileChunk' && (e as { id?: string }).id === id,
    )) {
      const data = chunk.args?.data as
        | { cpuProfile?: { nodes?: Node[]; samples?: number[] }; timeDeltas?: number[] }
        | undefined
      for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node)
      const samples = data?.cpuProfile?.samples ?? []
      const deltas = data?.timeDeltas ?? []
      for (let i = 0; i < samples.length; i++) {
        const dt = deltas[i] ?? 0
        t += dt
        const ms = (t - nav.ts) / 1000
        if (ms < from || ms > to) continue
        const node = nodes.get(samples[i] as number)
        if (!node) continue
        const f = node.callFrame
        const key = `${f.functionName || '(anonymous)'} ${shortUrl(f.url ?? '')}${f.url ? `:${f.lineNumber ?? 0}` : ''}`
        self[key] = (self[key] ?? 0) + (deltas[i + 1] ?? dt) / 1000
      }
    }
  }
  return Object.entries(self)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([k, ms]) => `${k} ${ms.toFixed(1)}`)
    .join(', ')
}
