// Writes the environment reference into docs/deploy.md from the table in src/config/variables.ts:
//   node --import tsx scripts/env-reference.ts --write     (or without --write: print the table)
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderEnvironmentTable, withEnvironmentTable } from '../src/config/reference.js'

const doc = fileURLToPath(new URL('../../docs/deploy.md', import.meta.url))
if (process.argv.includes('--write')) {
  writeFileSync(doc, withEnvironmentTable(readFileSync(doc, 'utf8')))
  console.log('docs/deploy.md: environment reference updated')
} else {
  console.log(renderEnvironmentTable())
}
