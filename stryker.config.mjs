// @ts-check
// Mutation testing of the money and security code: `pnpm mutation` (docs/development.md#mutation-testing).
// Too slow for every `npm test`; incremental after the first run (the file below is kept out of git).

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'pnpm',
  // Under pnpm Stryker does not find the runner plugin on its own.
  plugins: ['@stryker-mutator/vitest-runner', './scripts/mutation/ignorers.mjs'],
  // No mutants in log lines or in the wording of errors: text for people (scripts/mutation/ignorers.mjs).
  ignorers: ['logging', 'people-text'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  // Each mutant runs only the tests that reached it in the initial run.
  coverageAnalysis: 'perTest',
  // A mutant reached only while modules load (a regex or schema built at import) would need every
  // test again with fresh modules: hours. They are reported as Ignored (docs/development.md).
  ignoreStatic: true,
  // The money and security core (docs/development.md#mutation-testing). Left out on purpose, big
  // but not decisive: logging, metrics, the reconciler's scheduling, webhook delivery and retries,
  // the session and payment start-up paths, the pay-link and routing tables.
  mutate: [
    // Money as cents, and the amount rule every gateway answer passes.
    'signer/src/money.ts',
    'signer/src/domain/stated-amount.ts',
    // What a verified answer about a sale or a refund may change, and the state machines.
    'signer/src/domain/{sale-answer,refund-answer,trade-status,transitions,state-changes}.ts',
    'signer/src/domain/payable.ts:24-36',
    // Notifications and the shopper's return: verify, key, store, apply once.
    // (Not the signed acknowledgement's wording, nor the query or refund sent after the commit.)
    'signer/src/domain/notifications.ts:27-82',
    'signer/src/domain/notifications.ts:96-167',
    'signer/src/domain/notifications.ts:177-216',
    'signer/src/domain/{verified-notification,unconfirmed-success}.ts',
    // The gateway's signature both ways, its field limits and message schemas, and what the
    // client checks of every reply (signed unless a refusal, about the order asked for).
    'signer/src/gateway/{verify,fields,messages}.ts',
    // sign.ts without the key-order cache's eviction (lines 47-52: any bound gives the same
    // signatures) and the hash fallback for Nodes before 20.12 (97-101: never loaded here).
    'signer/src/gateway/sign.ts:1-46',
    'signer/src/gateway/sign.ts:53-96',
    'signer/src/gateway/sign.ts:102-128',
    'signer/src/gateway/client.ts:184-205',
    'signer/src/gateway/wire-rules.ts:11-31',
    'signer/src/crypto/secure-compare.ts',
    // Merchant webhooks' signature scheme (the signer signs with it, merchants verify with it).
    // (Not verifyWebhook's checks of its own arguments, lines 106-115: a programmer's mistake,
    // thrown as TypeError, is no verification decision.)
    'webhooks/src/{sign,secure-compare}.ts',
    'webhooks/src/verify.ts:1-105',
    'webhooks/src/verify.ts:116-136',
    // Who may call: CORS, the merchant's API key, a session's client_secret.
    'signer/src/middleware/{cors,merchant-auth}.ts',
    'signer/src/http/client-secret.ts',
  ],
  // Only what the tests above need is copied into Stryker's sandbox.
  ignorePatterns: ['/widget', '/demo', '/tests', '/bench', '/.reports', '/reports'],
  concurrency: 2,
  // The initial run executes every selected test in one Vitest worker: slow on a busy machine.
  dryRunTimeoutMinutes: 20,
  // A mutant's run may take twice its tests' time in the initial run plus 20 s before it counts as
  // a timeout (Stryker's default is 5 s): on a shared, loaded machine a mutant that merely waited
  // for the CPU was counted as a timeout, hence as detected. A real endless loop costs 20 s more.
  timeoutFactor: 2,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // The run fails below `break`: set a little below the first full run's score (86.37 %,
  // docs/development.md#mutation-testing). Raise it as survivors are killed.
  thresholds: { high: 90, low: 80, break: 84 },
}
