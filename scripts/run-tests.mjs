#!/usr/bin/env node
// Runs every suite of the workspace and ends with one plain line `N passed, N failed, N skipped`
// summed over all of them (CI reads that line; it cannot read Vitest's or Playwright's own summary).
// Exits non-zero on any failure, or when no test ran at all.
//
//   node scripts/run-tests.mjs            every step
//   node scripts/run-tests.mjs unit e2e   only the named steps (typecheck, build, unit, postgres,
//                                         consumer, container, e2e)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const reports = join(root, '.reports')
rmSync(reports, { recursive: true, force: true })
mkdirSync(reports, { recursive: true })

const totals = { passed: 0, failed: 0, skipped: 0 }
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

/** A step that is not a test runner (type check, build) counts as one check, passed or failed. */
function check(name, command, args) {
  console.log(`\n== ${name}`)
  const code = run(command, args)
  if (code === 0) totals.passed += 1
  else {
    totals.failed += 1
    console.log(`${name} failed (exit ${code})`)
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

/**
 * Test files on node's test runner (consumer, container): its TAP report is counted like the
 * others; the step's duration is printed.
 */
function nodeTests(name, title, files) {
  console.log(`\n== ${title}`)
  const stepStarted = Date.now()
  const out = join(reports, `${name}.tap`)
  const code = run('node', [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${out}`,
    ...files,
  ])
  const tap = existsSync(out) ? readFileSync(out, 'utf8') : ''
  const count = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0)
  totals.passed += count('pass')
  totals.failed += count('fail') + count('cancelled')
  totals.skipped += count('skipped') + count('todo')
  if (code !== 0 && count('fail') + count('cancelled') === 0) {
    totals.failed += 1
    console.log(`${name} tests exited ${code} with no failed test`)
  }
  console.log(`${name} step took ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`)
}

const steps = {
  // Format and lint in one pass (Biome, biome.json); `pnpm lint:fix` rewrites what it can.
  lint: () => check('lint', 'pnpm', ['exec', 'biome', 'ci', '.']),
  typecheck: () => check('typecheck', 'pnpm', ['-r', '--if-present', 'typecheck']),
  build: () => check('build', 'pnpm', ['-r', '--if-present', 'build']),
  unit: () => {
    console.log('\n== unit and component tests (Vitest: signer in Node, widget in Chromium)')
    const out = join(reports, 'vitest.json')
    // NO_COLOR: Vitest's dot reporter ignores FORCE_COLOR=0; the log should be plain text.
    const code = run(
      'pnpm',
      ['exec', 'vitest', 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${out}`],
      { NO_COLOR: '1' },
    )
    const report = readJson(out)
    if (!report) {
      totals.failed += 1
      console.log(`vitest wrote no report (exit ${code})`)
      return
    }
    totals.passed += report.numPassedTests
    totals.failed += report.numFailedTests
    totals.skipped += report.numPendingTests + report.numTodoTests
    // A suite that fails to load has no failed test but still fails the run.
    if (code !== 0 && report.numFailedTests === 0) {
      totals.failed += 1
      console.log(`vitest exited ${code} with no failed test: a file failed to load`)
    }
  },
  postgres: () => {
    // The signer's storage and integration tests again, on a real PostgreSQL (issue 7): a throwaway
    // cluster from scripts/postgres.sh (installed with apt-get where missing), always stopped after.
    // With TEST_DATABASE_URL already set (a CI service container), that server is used instead.
    console.log('\n== signer storage and integration tests on PostgreSQL (Vitest)')
    const stepStarted = Date.now()
    let databaseUrl = process.env.TEST_DATABASE_URL
    let clusterDir
    if (!databaseUrl) {
      const started = spawnSync('bash', [join(root, 'scripts', 'postgres.sh'), 'start'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      databaseUrl = /^TEST_DATABASE_URL=(.+)$/m.exec(started.stdout ?? '')?.[1]
      clusterDir = /^PG_TEST_DIR=(.+)$/m.exec(started.stdout ?? '')?.[1]
      if (started.status !== 0 || !databaseUrl) {
        totals.failed += 1
        console.log(
          `could not start PostgreSQL (scripts/postgres.sh start exited ${started.status})`,
        )
        if (clusterDir)
          spawnSync('bash', [join(root, 'scripts', 'postgres.sh'), 'stop', clusterDir], {
            stdio: 'inherit',
          })
        return
      }
    }
    try {
      const out = join(reports, 'vitest-postgres.json')
      const code = run(
        'pnpm',
        [
          'exec',
          'vitest',
          'run',
          '--project',
          'signer',
          '--reporter=dot',
          '--reporter=json',
          `--outputFile.json=${out}`,
          'signer/src/webhooks',
          'signer/src/observability',
          'signer/test/domain',
          'signer/test/integration',
          'signer/test/merchant-client',
          'signer/test/postgres',
          'signer/test/multi-instance',
        ],
        { SIGNER_TEST_STORE: 'postgres', TEST_DATABASE_URL: databaseUrl },
      )
      const report = readJson(out)
      if (!report) {
        totals.failed += 1
        console.log(`vitest on PostgreSQL wrote no report (exit ${code})`)
        return
      }
      totals.passed += report.numPassedTests
      totals.failed += report.numFailedTests
      totals.skipped += report.numPendingTests + report.numTodoTests
      if (code !== 0 && report.numFailedTests === 0) {
        totals.failed += 1
        console.log(
          `vitest on PostgreSQL exited ${code} with no failed test: a file failed to load`,
        )
      }
    } finally {
      if (clusterDir)
        spawnSync('bash', [join(root, 'scripts', 'postgres.sh'), 'stop', clusterDir], {
          stdio: 'inherit',
        })
      console.log(`PostgreSQL step took ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`)
    }
  },
  consumer: () =>
    // The packages as a merchant installs them (packed, installed into throwaway projects outside
    // the workspace, type-checked, built, paid through in Chromium) and the README's examples
    // against a sandbox signer.
    nodeTests('consumer', 'consumer: packed packages in throwaway projects; the docs examples', [
      'tests/consumer/docs-examples.test.mjs',
      'tests/consumer/packages.test.mjs',
    ]),
  container: () =>
    // The signer's image built with podman and run read-only as non-root (scripts/container).
    nodeTests('container', 'container: the signer image built and run with podman', [
      'scripts/container/container.test.mjs',
    ]),
  e2e: () => {
    if (!existsSync(join(root, 'tests', 'playwright.config.ts'))) return
    console.log('\n== end-to-end tests (Playwright in Chromium)')
    const out = join(reports, 'playwright.json')
    const code = run('pnpm', ['--dir', 'tests', 'exec', 'playwright', 'test'], {
      PLAYWRIGHT_JSON_OUTPUT_FILE: out,
    })
    const report = readJson(out)
    if (!report) {
      totals.failed += 1
      console.log(`playwright wrote no report (exit ${code})`)
      return
    }
    totals.passed += report.stats.expected + report.stats.flaky
    totals.failed += report.stats.unexpected
    totals.skipped += report.stats.skipped
    if (code !== 0 && report.stats.unexpected === 0) totals.failed += 1
  },
}

const wanted = process.argv.slice(2)
for (const [name, step] of Object.entries(steps)) {
  if (wanted.length === 0 || wanted.includes(name)) step()
}

const seconds = ((Date.now() - started) / 1000).toFixed(1)
console.log(`\nall suites took ${seconds} s`)
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0)
