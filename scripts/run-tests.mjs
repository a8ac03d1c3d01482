#!/usr/bin/env node
// Runs every suite of the workspace and ends with one plain line `N passed, N failed, N skipped`
// summed over all of them (CI reads that line; it cannot read Vitest's or Playwright's own summary).
// Exits non-zero on any failure, when no test ran, when a test file declares another number of
// tests than its baseline in scripts/test-counts.json (or is missing from it, or from the run),
// when `.only` is left in a test (every runner is told to refuse it) and when a test is skipped in
// a file not listed in scripts/test-counts.allowed-skips.json (docs/development.md#the-test-runner).
//
//   node scripts/run-tests.mjs                  every step
//   node scripts/run-tests.mjs unit e2e         only the named steps (lint, typecheck, build, unit,
//                                               postgres, consumer, container, e2e); each first runs
//                                               what it needs (e2e tests the built widget: it builds)
//   node scripts/run-tests.mjs --update-counts unit
//                                               also records the named steps' per-file counts as
//                                               their baseline (in the commit that adds, removes
//                                               or moves tests)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import {
  compareWithBaseline,
  countsFromNodeTests,
  countsFromPlaywright,
  countsFromVitest,
  unexpectedSkips,
} from './test-counts.mjs'

const root = new URL('..', import.meta.url).pathname
const reports = join(root, '.reports')
rmSync(reports, { recursive: true, force: true })
mkdirSync(reports, { recursive: true })

const argv = process.argv.slice(2)
const updateCounts = argv.includes('--update-counts')
const wanted = argv.filter((arg) => !arg.startsWith('--'))

/** Tests (from a test runner) and checks (lint, type check, build) are summed apart. */
const totals = { passed: 0, failed: 0, skipped: 0 }
const checks = { passed: 0, failed: 0 }
/** Per step: per-file counts (test-counts.mjs `StepCounts`), compared with (or written to) the baseline. */
const counted = {}
/** Steps with a failed test or a file that did not load: their counts are not recorded. */
const failedSteps = []
const countsFile = join(root, 'scripts', 'test-counts.json')
const allowedSkipsFile = join(root, 'scripts', 'test-counts.allowed-skips.json')
const started = Date.now()

/** Runs a command in the workspace root with output streamed; returns its exit code. */
function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  })
  return result.status ?? 1
}

/** A step that is not a test runner (lint, type check, build): a check, never a test. */
function check(name, command, args) {
  console.log(`\n== ${name}`)
  const code = run(command, args)
  if (code === 0) checks.passed += 1
  else {
    checks.failed += 1
    console.log(`${name} failed (exit ${code})`)
  }
}

function fail(message) {
  totals.failed += 1
  console.log(message)
}

/**
 * Records a test step's counts; fails on files that did not load, on skips outside the allowed
 * files, and, with `failed`, marks the step so its counts are not recorded.
 */
function record(step, counts, failed) {
  counted[step] = counts
  if (failed || counts.broken.length > 0) failedSteps.push(step)
  for (const file of counts.broken)
    fail(`${step}: ${file} failed outside its tests (it did not load, or its setup failed)`)
  for (const message of unexpectedSkips(step, counts, allowedSkipsFile)) fail(message)
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

// `--allowOnly=false`: a `.only` left in a test fails the run, with or without CI (Vitest only
// refuses it under CI by default). The configs say the same; the flag makes it hold for any config.
const VITEST = ['exec', 'vitest', 'run', '--allowOnly=false', '--reporter=dot', '--reporter=json']

/** One Vitest run: adds its results to the totals and records its counts under `step`. */
function vitest(step, args, env = {}) {
  const out = join(reports, `vitest-${step}.json`)
  // NO_COLOR: Vitest's dot reporter ignores FORCE_COLOR=0; the log should be plain text.
  const code = run('pnpm', [...VITEST, `--outputFile.json=${out}`, ...args], {
    NO_COLOR: '1',
    ...env,
  })
  const report = readJson(out)
  if (!report) {
    failedSteps.push(step)
    return fail(`${step}: vitest wrote no report (exit ${code})`)
  }
  totals.passed += report.numPassedTests
  totals.failed += report.numFailedTests
  totals.skipped += report.numPendingTests + report.numTodoTests
  const counts = countsFromVitest(report, root)
  // A suite that fails to load (or holds a refused `.only`) has no failed test but fails the run.
  const unexplained = code !== 0 && report.numFailedTests === 0 && counts.broken.length === 0
  if (unexplained) fail(`${step}: vitest exited ${code} with no failed test (see its errors above)`)
  record(step, counts, code !== 0)
}

/** Starts a throwaway PostgreSQL (or uses TEST_DATABASE_URL), runs `body(url)`, always stops it. */
function withPostgres(body) {
  let databaseUrl = process.env.TEST_DATABASE_URL
  let clusterDir
  const stop = () => {
    if (clusterDir)
      spawnSync('bash', [join(root, 'scripts', 'postgres.sh'), 'stop', clusterDir], {
        stdio: 'inherit',
      })
  }
  if (!databaseUrl) {
    const started = spawnSync('bash', [join(root, 'scripts', 'postgres.sh'), 'start'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    databaseUrl = /^TEST_DATABASE_URL=(.+)$/m.exec(started.stdout ?? '')?.[1]
    clusterDir = /^PG_TEST_DIR=(.+)$/m.exec(started.stdout ?? '')?.[1]
    if (started.status !== 0 || !databaseUrl) {
      stop()
      return fail(`could not start PostgreSQL (scripts/postgres.sh start exited ${started.status})`)
    }
  }
  try {
    body(databaseUrl)
  } finally {
    stop()
  }
}

/** The test files (`*.test.mjs`) directly in `dir`: a new file there is run, and counted, at once. */
function testFilesIn(dir) {
  const abs = join(root, dir)
  if (!existsSync(abs)) return []
  return readdirSync(abs)
    .filter((name) => name.endsWith('.test.mjs'))
    .sort()
    .map((name) => `${dir}/${name}`)
}

/**
 * Test files on node's test runner (consumer, container), counted per file through
 * scripts/test-counts.node-reporter.mjs; the step's duration is printed.
 */
function nodeTests(name, title, dir) {
  console.log(`\n== ${title}`)
  const files = testFilesIn(dir)
  // No file: nothing to run (node --test without files would look everywhere); the baseline
  // comparison names the files that are gone.
  if (files.length === 0) {
    console.log(`${name}: no *.test.mjs in ${dir}`)
    return record(name, countsFromNodeTests([], root), true)
  }
  const stepStarted = Date.now()
  const out = join(reports, `${name}.jsonl`)
  const code = run('node', [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts', 'test-counts.node-reporter.mjs')}`,
    `--test-reporter-destination=${out}`,
    ...files,
  ])
  const lines = (existsSync(out) ? readFileSync(out, 'utf8') : '')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
  const count = (...statuses) => lines.filter((l) => statuses.includes(l.status)).length
  totals.passed += count('passed')
  totals.failed += count('failed')
  totals.skipped += count('skipped', 'todo')
  const counts = countsFromNodeTests(lines, root)
  if (code !== 0 && count('failed') === 0 && counts.broken.length === 0)
    fail(`${name} tests exited ${code} with no failed test`)
  record(name, counts, code !== 0)
  console.log(`${name} step took ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`)
}

/**
 * The steps, in the order a full run takes them. Each is `{ run, needs? }`: `needs` names steps
 * that must have run first when this one is asked for alone. A new step is one more entry.
 */
const steps = {
  // Format and lint in one pass (Biome, biome.json); `pnpm lint:fix` rewrites what it can.
  lint: { run: () => check('lint', 'pnpm', ['exec', 'biome', 'ci', '.']) },
  typecheck: { run: () => check('typecheck', 'pnpm', ['-r', '--if-present', 'typecheck']) },
  build: { run: () => check('build', 'pnpm', ['-r', '--if-present', 'build']) },
  unit: {
    run: () => {
      console.log('\n== unit and component tests (Vitest: signer in Node, widget in Chromium)')
      vitest('unit', [])
    },
  },
  postgres: {
    run: () => {
      // The signer's tests that touch the store, again on a real PostgreSQL: a throwaway cluster
      // from scripts/postgres.sh, always stopped after (TEST_DATABASE_URL set: that server instead).
      console.log('\n== signer tests that touch the store, on PostgreSQL (Vitest)')
      const stepStarted = Date.now()
      withPostgres((url) =>
        vitest(
          'postgres',
          [
            '--project',
            'signer',
            'signer/src/webhooks',
            'signer/src/observability',
            'signer/src/domain/apple-pay-double-submit.test.ts',
            'signer/test/domain',
            'signer/test/faults',
            'signer/test/fuzz',
            'signer/test/crash',
            'signer/test/integration',
            'signer/test/merchant-client',
            'signer/test/postgres',
            'signer/test/multi-instance',
            'signer/test/console',
          ],
          { SIGNER_TEST_STORE: 'postgres', TEST_DATABASE_URL: url },
        ),
      )
      console.log(`PostgreSQL step took ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`)
    },
  },
  consumer: {
    // The packages as a merchant installs them (packed, installed into throwaway projects outside
    // the workspace, type-checked, built, paid through in Chromium) and the README's examples
    // against a sandbox signer.
    run: () =>
      nodeTests(
        'consumer',
        'consumer: packed packages in throwaway projects; the docs examples',
        'tests/consumer',
      ),
  },
  container: {
    // The signer's image built with podman and run read-only as non-root (scripts/container).
    run: () =>
      nodeTests(
        'container',
        'container: the signer image built and run with podman',
        'scripts/container',
      ),
  },
  e2e: {
    // The signer serves the built widget and the demo loads it: test what was just built.
    needs: ['build'],
    run: () => {
      console.log('\n== end-to-end tests (Playwright in Chromium)')
      const out = join(reports, 'playwright.json')
      // The config sets forbidOnly too; the flag keeps `.only` refused whatever the config says.
      const code = run('pnpm', ['--dir', 'tests', 'exec', 'playwright', 'test', '--forbid-only'], {
        PLAYWRIGHT_JSON_OUTPUT_FILE: out,
      })
      const report = readJson(out)
      if (!report) {
        failedSteps.push('e2e')
        return fail(`playwright wrote no report (exit ${code})`)
      }
      totals.passed += report.stats.expected + report.stats.flaky
      totals.failed += report.stats.unexpected
      totals.skipped += report.stats.skipped
      // A refused `.only` or a failing global setup: no failed test, but the run failed.
      if (code !== 0 && report.stats.unexpected === 0)
        fail(`playwright exited ${code} with no failed test (see its errors above)`)
      // Files named from tests/, where the config lives (e2e/refund.spec.ts, widget-csp.spec.ts).
      record('e2e', countsFromPlaywright(report, join(root, 'tests')), code !== 0)
    },
  },
}

for (const name of wanted) {
  if (!(name in steps)) {
    console.log(`unknown step "${name}"; steps: ${Object.keys(steps).join(', ')}`)
    process.exit(2)
  }
}
const chosen = new Set(wanted.length === 0 ? Object.keys(steps) : wanted)
for (const name of wanted) for (const need of steps[name].needs ?? []) chosen.add(need)
for (const [name, step] of Object.entries(steps)) if (chosen.has(name)) step.run()

for (const message of compareWithBaseline(counted, countsFile, {
  update: updateCounts,
  failedSteps,
}))
  fail(message)
// A full run counts every step the baseline knows: a step taken out of the runner fails too.
if (wanted.length === 0)
  for (const step of Object.keys(readJson(countsFile) ?? {}))
    if (!(step in steps))
      fail(`${step}: in scripts/test-counts.json, but the runner has no such step`)

const seconds = ((Date.now() - started) / 1000).toFixed(1)
console.log(`\nall suites took ${seconds} s`)
if (checks.passed + checks.failed > 0)
  console.log(`checks (lint, type check, build): ${checks.passed} passed, ${checks.failed} failed`)
const testsRan = Object.keys(counted).length > 0
if (testsRan && totals.passed === 0) console.log('no test ran: a test step that runs nothing fails')
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
const failed = totals.failed > 0 || checks.failed > 0 || (testsRan && totals.passed === 0)
// A run of checks alone (`lint`, `typecheck`) has no tests to count; any test step must run some.
const nothing = !testsRan && checks.passed === 0
process.exit(failed || nothing ? 1 : 0)
