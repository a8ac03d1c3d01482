// A reporter for node's test runner (`--test-reporter=./scripts/test-counts.node-reporter.mjs`):
// one JSON line per test with its file, so the consumer and container steps are counted per file
// like the others (scripts/test-counts.mjs); node's TAP summary has no per-file totals.
export default async function* testCountsReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue
    const { file, name, skip, todo, details } = event.data
    // A describe block: its tests are reported one by one.
    if (details?.type === 'suite') continue
    // Reported under the file's own path: the file failed outside any test (it did not load).
    if (name === file) {
      if (event.type === 'test:fail') yield `${JSON.stringify({ file, status: 'file-failed' })}\n`
      continue
    }
    const status = given(skip)
      ? 'skipped'
      : given(todo)
        ? 'todo'
        : event.type === 'test:pass'
          ? 'passed'
          : 'failed'
    yield `${JSON.stringify({ file, name, status })}\n`
  }
}

/** `skip` and `todo` are true or a reason when set (a reason may be an empty string). */
const given = (flag) => flag !== undefined && flag !== false
