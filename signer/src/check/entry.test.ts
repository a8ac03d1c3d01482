import { describe, expect, it } from 'vitest'
import { runsAsCheckCommand } from './cli.js'

/**
 * The bundle (dist/signer.mjs) inlines cli.ts, so inside it `import.meta.url` is the bundle's own
 * URL: a guard comparing it with `process.argv[1]` alone ran `check` at every start of the signer.
 */
describe('the check command runs by itself only from cli.ts', () => {
  it('not when the bundled signer is started', () => {
    expect(runsAsCheckCommand('file:///app/dist/signer.mjs', '/app/dist/signer.mjs')).toBe(false)
  })

  it('when cli.ts is the entry (`pnpm --dir signer check`)', () => {
    expect(
      runsAsCheckCommand('file:///repo/signer/src/check/cli.ts', '/repo/signer/src/check/cli.ts'),
    ).toBe(true)
  })

  it('not when something else is the entry', () => {
    expect(
      runsAsCheckCommand('file:///repo/signer/src/check/cli.ts', '/repo/signer/src/main.ts'),
    ).toBe(false)
    expect(runsAsCheckCommand('file:///repo/signer/src/check/cli.ts', undefined)).toBe(false)
  })
})
