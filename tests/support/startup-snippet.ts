import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The script tag and CSP sources exactly as this run's signer logged them at startup
 * (`script_tag`, `csp`; signer/src/routes/widget-assets.ts): what a merchant copies.
 */
export function startupSnippet(): { scriptTag: string; csp: string } {
  const dataDir = process.env.E2E_DATA_DIR
  if (!dataDir) throw new Error('E2E_DATA_DIR is not set (tests/global-setup.ts)')
  const lines = readFileSync(join(dataDir, 'signer.log'), 'utf8').split('\n')
  for (const line of lines) {
    if (!line.includes('"script_tag"')) continue
    const entry = JSON.parse(line) as { script_tag: string; csp: string }
    return { scriptTag: entry.script_tag, csp: entry.csp }
  }
  throw new Error('the signer logged no script tag at startup')
}
