// Per-step test counts and the committed baseline they are held to (scripts/test-counts.json).
// A step passes the count check when it ran at least its baseline minus a small margin (a test
// skipped for a wallet a configuration leaves out, say); below that the run fails and names the
// files that lost tests, so a deleted file or a describe that stopped loading cannot pass quietly.
// `node scripts/run-tests.mjs --update-counts` writes a run's counts as the new baseline.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'

/** How many tests a step may lose before the run fails: 1 % of its baseline, at least 2. */
export const marginFor = (baseline) => Math.max(2, Math.floor(baseline * 0.01))

/** `{ tests, files: { file: count }, skipped: [names] }` from Vitest's JSON report. */
export function countsFromVitest(report, root) {
  const files = {}
  const skipped = []
  let tests = 0
  for (const file of report.testResults ?? []) {
    const name = relative(root, file.name)
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed' || test.status === 'failed') {
        tests += 1
        files[name] = (files[name] ?? 0) + 1
      } else skipped.push(`${name} > ${test.fullName ?? test.title}`)
    }
  }
  return { tests, files: sorted(files), skipped }
}

/** The same from Playwright's JSON report (suites nest; specs hold one test per project). */
export function countsFromPlaywright(report, root) {
  const files = {}
  const skipped = []
  let tests = 0
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const name = relative(root, join(report.config?.rootDir ?? root, spec.file ?? file ?? ''))
        if (test.status === 'skipped') skipped.push(`${name} > ${spec.title}`)
        else {
          tests += 1
          files[name] = (files[name] ?? 0) + 1
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, suite.file ?? file)
  }
  for (const suite of report.suites ?? []) walk(suite, suite.file)
  return { tests, files: sorted(files), skipped }
}

function join(a, b) {
  return b.startsWith('/') ? b : `${a.replace(/\/$/, '')}/${b}`
}

function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}

/**
 * Compares each counted step with the baseline; returns one message per step that lost more than
 * its margin, naming the files that lost tests. With `update`, writes the counts (steps not run
 * this time keep their old baseline).
 */
export function compareWithBaseline(counted, file, { update = false } = {}) {
  const baseline = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
  const problems = []
  for (const [step, now] of Object.entries(counted)) {
    const before = baseline[step]
    if (!before) {
      // A new step has nothing to lose yet: said loudly, recorded with --update-counts.
      if (!update)
        console.log(
          `${step}: no baseline in scripts/test-counts.json yet (${now.tests} tests); record it with --update-counts`,
        )
      continue
    }
    const margin = marginFor(before.tests)
    if (now.tests >= before.tests - margin) continue
    const lostFiles = Object.entries(before.files)
      .map(([name, count]) => [name, count - (now.files[name] ?? 0)])
      .filter(([, lost]) => lost > 0)
      .map(([name, lost]) => `${name} (-${lost})`)
    problems.push(
      `${step}: ran ${now.tests} tests, the baseline is ${before.tests} (margin ${margin}); lost: ${lostFiles.join(', ') || 'none by file (tests moved?)'}. Restore them, or record the new count on purpose with --update-counts.`,
    )
  }
  if (update) {
    const next = { ...baseline }
    for (const [step, now] of Object.entries(counted))
      next[step] = { tests: now.tests, files: now.files }
    writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`)
    console.log(
      `test counts written to scripts/test-counts.json (${Object.keys(counted).join(', ')})`,
    )
  }
  return problems
}
