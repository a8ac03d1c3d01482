#!/usr/bin/env node
// Lists the mutants that survived the last `pnpm mutation` (and those no test reached), one
// Markdown table row each: where, which mutator, what the code became, and a `?` for why it may
// stay. It reads Stryker's JSON report (reports/mutation/mutation.json; the incremental file
// works too, after an interrupted run); docs/development.md#mutation-testing keeps the reviewed
// list.
//
//   node scripts/mutation/survivors.mjs [report.json]
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? 'reports/mutation/mutation.json'
const report = JSON.parse(readFileSync(file, 'utf8'))
const shown = new Set(['Survived', 'NoCoverage'])
const counts = {}
const rows = []

/** The mutated source text, on one line and short enough for a table cell. */
function cell(text) {
  const flat = text.replace(/\s+/g, ' ').trim()
  const short = flat.length > 70 ? `${flat.slice(0, 67)}...` : flat
  return `\`${short.replaceAll('|', '\\|').replaceAll('`', "'")}\``
}

function original(source, { start, end }) {
  const lines = source.split('\n').slice(start.line - 1, end.line)
  if (lines.length === 1) return lines[0].slice(start.column - 1, end.column - 1)
  lines[0] = lines[0].slice(start.column - 1)
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, end.column - 1)
  return lines.join('\n')
}

for (const [path, { source, mutants }] of Object.entries(report.files)) {
  for (const mutant of mutants) {
    counts[mutant.status] = (counts[mutant.status] ?? 0) + 1
    if (!shown.has(mutant.status)) continue
    rows.push({
      where: `${path}:${mutant.location.start.line}`,
      line: mutant.location.start.line,
      path,
      status: mutant.status === 'NoCoverage' ? 'no coverage' : 'survived',
      mutator: mutant.mutatorName,
      from: cell(original(source, mutant.location)),
      to: cell(mutant.replacement ?? ''),
    })
  }
}
rows.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line)

const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0)
const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0)
console.log(
  `${Object.entries(counts)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ')}; score ${((100 * detected) / valid).toFixed(2)} %`,
)
console.log(
  '\n| where | status | mutator | code | became | why |\n| --- | --- | --- | --- | --- | --- |',
)
for (const r of rows)
  console.log(`| ${r.where} | ${r.status} | ${r.mutator} | ${r.from} | ${r.to} | ? |`)
