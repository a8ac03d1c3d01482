// The first hour, checked: every curl and HTML example in README.md and widget/README.md works
// against a sandbox signer as written (only the signer's address is swapped for this run's), and
// docs/api.md has a heading for every path of the OpenAPI document.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  createSession,
  payInSandbox,
  SANDBOX_API_KEY,
  startSandboxSigner,
} from './sandbox-signer.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const read = (path) => readFileSync(`${root}${path}`, 'utf8')
const DOC_SIGNER = 'http://127.0.0.1:8787'

/** The fenced blocks of a Markdown file in one language. */
function fenced(markdown, lang) {
  return [...markdown.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map(
    (m) => m[1],
  )
}

let signer
before(async () => {
  signer = await startSandboxSigner({ bin: `${root}signer/bin/eftpay-signer.mjs` })
})
after(async () => {
  assert.equal(await signer.stop(), 0, 'the signer exits 0 on SIGTERM')
})

test('the startup output names the sandbox API key, the script tag with integrity and the CSP line', () => {
  const out = signer.output()
  assert.match(out, new RegExp(`API key.*${SANDBOX_API_KEY}`))
  assert.match(
    out,
    /<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/widget\/[^"]+\/eftpay-button\.js" integrity="sha384-/,
  )
  assert.match(out, /Content-Security-Policy: script-src http:\/\/127\.0\.0\.1:\d+; connect-src/)
})

test('every curl example in README.md works against the sandbox as written', async () => {
  const blocks = fenced(read('README.md'), 'sh').filter((b) => b.includes('curl'))
  assert.ok(blocks.length >= 3, 'README.md has its curl examples')
  // The examples that need a paid session get one, made the README's way (first example) and paid
  // on the sandbox's pay page as a shopper would.
  const paidSession = await createSession(signer.url)
  await payInSandbox(signer.url, { id: paidSession.id, clientSecret: paidSession.client_secret })
  for (const block of blocks) {
    const script = block.replaceAll(DOC_SIGNER, signer.url)
    const out = execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
      env: { ...process.env, SESSION_ID: paidSession.id },
      encoding: 'utf8',
    })
    const body = JSON.parse(out)
    assert.equal(body.error, undefined, `example failed:\n${block}\n→ ${out}`)
    assert.ok(body.id, `example answered no object:\n${block}\n→ ${out}`)
  }
})

test('every HTML example in README.md and widget/README.md loads and names a sandbox product', async () => {
  const blocks = ['README.md', 'widget/README.md'].flatMap((file) => fenced(read(file), 'html'))
  assert.ok(blocks.length >= 3)
  const skus = new Set()
  for (const block of blocks) {
    for (const [, src] of block.matchAll(/src="([^"]+)"/g)) {
      const res = await fetch(src.replace(DOC_SIGNER, signer.url), {
        headers: { Origin: 'http://localhost:3000' },
      })
      assert.equal(res.status, 200, src)
      assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/)
      assert.equal(res.headers.get('access-control-allow-origin'), '*')
    }
    for (const [, signerAttr] of block.matchAll(/signer="([^"]+)"/g))
      assert.equal(signerAttr, DOC_SIGNER)
    for (const [, sku] of block.matchAll(/sku="([^"]+)"/g)) skus.add(sku)
  }
  assert.ok(skus.size > 0, 'the examples show the sku flow')
  for (const sku of skus) {
    // As the widget does from a page on a dev server: any localhost port is allowed in the sandbox.
    const res = await fetch(`${signer.url}/v1/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:3000' },
      body: JSON.stringify({ sku, quantity: 2 }),
    })
    assert.equal(res.status, 201, `sku "${sku}": ${await res.clone().text()}`)
  }
})

test('a page on a refused origin reads the 403 and its message', async () => {
  const res = await fetch(`${signer.url}/v1/config`, {
    headers: { Origin: 'https://elsewhere.example' },
  })
  assert.equal(res.status, 403)
  assert.equal(res.headers.get('access-control-allow-origin'), 'https://elsewhere.example')
  assert.match((await res.json()).error.message, /ALLOWED_ORIGINS/)
})

test('docs/api.md has a heading for every path and method of the OpenAPI document', async () => {
  const doc = await (await fetch(`${signer.url}/openapi.json`)).json()
  const headings = new Set(
    read('docs/api.md')
      .split('\n')
      .filter((line) => line.startsWith('### '))
      .map((line) => line.slice(4).trim()),
  )
  const missing = []
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const method of Object.keys(operations)) {
      const heading = `${method.toUpperCase()} ${path}`
      if (!headings.has(heading)) missing.push(heading)
    }
  }
  assert.deepEqual(missing, [])
})
