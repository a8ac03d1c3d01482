/** The printed table: one row per figure, with its goal and whether this run met it. */

export interface Row {
  key: string
  value: number
  unit: string
  /** `<=` or `>=` a number; none for figures reported without a goal. */
  goal?: { op: '<=' | '>='; value: number }
  note?: string
  /** The value cannot be read as meeting its goal (e.g. a latency overhead below zero: noise). */
  noise?: boolean
}

const fmt = (n: number) =>
  Number.isInteger(n) ? String(n) : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)

export function met(row: Row): boolean | undefined {
  if (!row.goal) return undefined
  if (row.noise) return false
  return row.goal.op === '<=' ? row.value <= row.goal.value : row.value >= row.goal.value
}

export function renderTable(rows: Row[]): string {
  const lines = rows.map((row) => {
    const ok = met(row)
    return [
      row.key,
      `${fmt(row.value)} ${row.unit}`.trim(),
      row.goal ? `${row.goal.op} ${fmt(row.goal.value)}` : '',
      ok === undefined ? '' : row.noise ? 'NOISE' : ok ? 'met' : 'MISSED',
      row.note ?? '',
    ]
  })
  const header = ['figure', 'value', 'goal', '', 'note']
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...lines.map(line)].join('\n')
}
