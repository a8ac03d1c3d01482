// Per-file test counts, held to the committed baseline (scripts/test-counts.json), and the skips a
// step may have (scripts/test-counts.allowed-skips.json); docs/development.md#the-test-runner.
//
// Every test file of a step is held to its own count: the tests it declares (run or skipped). A
// file that declares fewer or more than its baseline, a file of the baseline that did not run (a
// deleted file, or one that failed to load) and a file the baseline does not know all fail the
// run, each by name. Exact, not "at least": a baseline that lags behind added tests would let them
// be deleted again unnoticed. `node scripts/run-tests.mjs --update-counts STEP…` records a run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'

/**
 * What one step ran: `files` maps each test file (relative to the repository) to the tests it
 * declares; `skipped` maps a file to the titles of its skipped tests; `broken` lists files that
 * failed to load or whose setup failed (their tests did not run).
 * @typedef {{ files: Record<string, number>, skipped: Record<string, string[]>, broken: string[] }} StepCounts
 */

/** An empty `StepCounts`, filled by `addTest`. */
function emptyCounts() {
  return { files: {}, skipped: {}, broken: [] }
}

function addTest(counts, file, title, skipped) {
  counts.files[file] = (counts.files[file] ?? 0) + 1
  if (skipped) counts.skipped[file] = [...(counts.skipped[file] ?? []), title]
}

/** From Vitest's JSON report (`--reporter=json`). */
export function countsFromVitest(report, root) {
  const counts = emptyCounts()
  for (const file of report.testResults ?? []) {
    const name = relative(root, file.name)
    const tests = file.assertionResults ?? []
    // A file that failed to load reports no test and a failed status.
    if (tests.length === 0 && file.status === 'failed') counts.broken.push(name)
    for (const test of tests) {
      const ran = test.status === 'passed' || test.status === 'failed'
      addTest(counts, name, test.fullName ?? test.title, !ran)
    }
  }
  return sorted(counts)
}

/** From Playwright's JSON report: suites nest, each spec holds one test per project. */
export function countsFromPlaywright(report, root) {
  const counts = emptyCounts()
  const rootDir = report.config?.rootDir ?? root
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      const name = relative(root, join(rootDir, spec.file ?? file ?? ''))
      for (const test of spec.tests ?? [])
        addTest(counts, name, spec.title, test.status === 'skipped')
    }
    for (const child of suite.suites ?? []) walk(child, suite.file ?? file)
  }
  for (const suite of report.suites ?? []) walk(suite, suite.file)
  return sorted(counts)
}

/**
 * From the JSON lines scripts/test-counts.node-reporter.mjs wrote for node's test runner: one per
 * test (`{ file, name, status }`, status passed, failed, skipped or todo) and one per file that
 * failed outside its tests (`{ file, status: 'file-failed' }`: it did not load, say).
 */
export function countsFromNodeTests(lines, root) {
  const counts = emptyCounts()
  for (const line of lines) {
    const name = isAbsolute(line.file) ? relative(root, line.file) : line.file
    if (line.status === 'file-failed') counts.broken.push(name)
    else addTest(counts, name, line.name, line.status === 'skipped' || line.status === 'todo')
  }
  return sorted(counts)
}

/** The skipped tests a step may not have: those outside the files allowed to skip (with reasons). */
export function unexpectedSkips(step, counts, allowedFile) {
  const allowed = readJson(allowedFile)?.[step] ?? {}
  return Object.entries(counts.skipped)
    .filter(([file]) => !(file in allowed))
    .map(
      ([file, titles]) =>
        `${step}: ${file} skipped ${tests(titles.length)}, and this step runs every test of a file not listed in scripts/test-counts.allowed-skips.json:\n    ${titles.join('\n    ')}`,
    )
}

/**
 * Compares each counted step with its baseline; returns one message per file that differs, naming
 * it. With `update`, writes the counts of the steps given (the others keep their baseline) and
 * returns no count problem: what changed is printed instead, for the commit that records it.
 * A step in `failedSteps` is never recorded (a file that failed to load would vanish from it).
 */
export function compareWithBaseline(counted, file, { update = false, failedSteps = [] } = {}) {
  const baseline = readJson(file) ?? {}
  const problems = []
  const next = { ...baseline }
  for (const [step, now] of Object.entries(counted)) {
    const differences = differ(baseline[step] ?? {}, now.files)
    if (!update) {
      if (!baseline[step])
        problems.push(
          `${step}: no baseline in scripts/test-counts.json; record it with --update-counts ${step}`,
        )
      else
        for (const d of differences)
          problems.push(`${step}: ${d}; ${d.startsWith('~') ? CHANGED : NEW_FILE}`)
      continue
    }
    if (failedSteps.includes(step)) {
      problems.push(`${step}: not recorded, it failed; fix it and run --update-counts again`)
      continue
    }
    next[step] = now.files
    console.log(
      differences.length === 0
        ? `${step}: counts unchanged`
        : `${step}: recorded\n  ${differences.join('\n  ')}`,
    )
  }
  if (update) {
    writeFileSync(file, `${JSON.stringify(sortedKeys(next), null, 2)}\n`)
    console.log(
      `test counts written to scripts/test-counts.json (${Object.keys(counted).join(', ')})`,
    )
  }
  return problems
}

const NEW_FILE = 'a new or removed file needs `--update-counts` in the same commit'
const CHANGED =
  'restore the tests, or record the new count with `--update-counts` in the same commit'

/** One line per file that differs: `+` not in the baseline, `-` in it but not run, `~` another count. */
function differ(before, now) {
  const lines = []
  for (const [name, count] of Object.entries(now)) {
    if (!(name in before)) lines.push(`+ ${name} (${tests(count)}) is not in the baseline`)
    else if (count !== before[name])
      lines.push(
        `~ ${name} declares ${tests(count)}, the baseline says ${before[name]} (${signed(count - before[name])})`,
      )
  }
  for (const [name, count] of Object.entries(before))
    if (!(name in now))
      lines.push(
        `- ${name} (${tests(count)} in the baseline) did not run: deleted, or it failed to load`,
      )
  return lines
}

const signed = (n) => (n > 0 ? `+${n}` : String(n))
const tests = (n) => `${n} ${n === 1 ? 'test' : 'tests'}`

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
}

function sortedKeys(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}

function sorted(counts) {
  return { ...counts, files: sortedKeys(counts.files), skipped: sortedKeys(counts.skipped) }
}
