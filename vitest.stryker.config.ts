import { statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import signer from './signer/vitest.config.js'
import webhooks from './webhooks/vitest.config.js'

// The tests Stryker runs (`pnpm mutation`, docs/development.md#mutation-testing): the signer's unit
// tests of the mutated folders, its domain, HTTP, golden and fault tests (real SQLite, real HTTP,
// in this process), and the webhooks package's tests. Left out: the widget (Chromium), tests that
// start other processes (crash, multi-instance, the independent client, the built bundle) or need
// PostgreSQL, the sandbox's own tests, the fuzzers, and the integration tests (the whole signer
// started once per file: they reach the same code as the domain and HTTP tests, slower).
const signerTests = [
  'src/*.test.ts',
  'src/{domain,gateway,webhooks,middleware,http}/**/*.test.ts',
  'test/{domain,http,golden,faults}/**/*.test.ts',
]
const signerSkipped = ['src/gateway/sandbox/**']

// The signer's files share one module graph per run instead of one each, so a mutant's run loads
// the signer once. Vitest still starts every run (every mutant) with fresh modules: nothing leaks
// between mutants. The webhooks package stays isolated: it is small, and a test of it mocks a module.

// The signer imports `@eftpay/webhooks` through a workspace link that points out of Stryker's
// sandbox: alias it to the sandbox's own (mutated) source so the signer's tests exercise it too.
const webhooksSource = fileURLToPath(new URL('./webhooks/src/index.ts', import.meta.url))

/**
 * Cheap files first. Stryker stops a mutant's run at its first failing test, so a mutant a unit
 * test kills never loads the slow domain, HTTP and fault files after it; Vitest's own order runs the
 * longest first. Order: unit tests beside the code, then the folders below, each smallest first.
 */
const SLOW_FOLDERS = ['/test/domain/', '/test/http/', '/test/golden/', '/test/faults/']
class CheapFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) =>
      SLOW_FOLDERS.findIndex((folder) => file.moduleId.includes(folder)) + 1
    const size = (file: TestSpecification) => statSync(file.moduleId).size
    return [...files].sort(
      (a, b) =>
        a.project.name.localeCompare(b.project.name) || rank(a) - rank(b) || size(a) - size(b),
    )
  }
}

export default defineConfig({
  test: {
    allowOnly: false,
    sequence: { sequencer: CheapFirst },
    projects: [
      {
        ...signer,
        resolve: { alias: { '@eftpay/webhooks': webhooksSource } },
        test: {
          ...signer.test,
          isolate: false,
          root: './signer',
          include: signerTests,
          exclude: ['**/node_modules/**', ...signerSkipped],
        },
      },
      { ...webhooks, test: { ...webhooks.test, root: './webhooks' } },
    ],
  },
})
