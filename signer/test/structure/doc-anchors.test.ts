import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * Every `docs/<file>.md#heading` a comment cites must name a heading that exists, so a reader who
 * follows the link lands where the comment meant (docs/architecture.md "Rules the tests hold"). Headings are
 * turned into anchors with GitHub's rules; a link written without `#` only needs the file.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url))
const SOURCES = ['signer/src', 'widget/src', 'webhooks/src', 'sandbox/src']

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** The anchors of a Markdown file's headings (repeats get `-1`, `-2`, as on GitHub). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
    const heading = fenced ? undefined : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!heading?.[1]) continue
    const slug = githubSlug(heading[1])
    const n = seen.get(slug) ?? 0
    seen.set(slug, n + 1)
    anchors.add(n === 0 ? slug : `${slug}-${n}`)
  }
  return anchors
}

/** The comments of a TypeScript file (line and block), as text with their line numbers. */
function commentsOf(source: string): Array<{ line: number; text: string }> {
  const found: Array<{ line: number; text: string }> = []
  for (const m of source.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)) {
    const before = source.slice(0, m.index)
    // A `//` inside a string (a URL) is not a comment.
    if (m[0].startsWith('//') && /['"`][^'"`\n]*$/.test(before.slice(before.lastIndexOf('\n')))) {
      continue
    }
    found.push({ line: before.split('\n').length, text: m[0] })
  }
  return found
}

/**
 * Each `docs/x.md#anchor` a comment cites, with the heading written as `docs/x.md "Heading"` or
 * `docs/x.md, "Heading"` or `docs/x.md ("Heading")` (the styles most comments use) turned into its
 * anchor too.
 */
function citationsOf(comment: string): Array<{ file: string; anchor?: string }> {
  const text = comment.replace(/\n\s*(\*|\/\/)\s*/g, ' ')
  const cited: Array<{ file: string; anchor?: string }> = []
  const link = /docs\/([\w-]+\.md)(?:#([\w-]+)|(?:,|'s)? \(?((?:"[^"]+"(?:,? (?:and )?)?)+))?/g
  for (const [, file = '', anchor, quoted] of text.matchAll(link)) {
    if (anchor) cited.push({ file, anchor })
    else if (quoted) {
      for (const [, heading = ''] of quoted.matchAll(/"([^"]+)"/g)) {
        cited.push({ file, anchor: githubSlug(heading) })
      }
    } else cited.push({ file })
  }
  return cited
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
}

/** Every cited link that leads nowhere, as `file:line docs/x.md#anchor`. */
function brokenCitations(repoRoot: string, dirs: readonly string[]): string[] {
  const docs = new Map<string, Set<string>>()
  const anchors = (file: string) => {
    if (!docs.has(file)) {
      let text: string | undefined
      try {
        text = readFileSync(join(repoRoot, 'docs', file), 'utf8')
      } catch {}
      docs.set(file, text === undefined ? new Set(['\0missing']) : anchorsOf(text))
    }
    return docs.get(file) ?? new Set<string>()
  }
  const broken: string[] = []
  for (const dir of dirs) {
    for (const path of sourceFiles(join(repoRoot, dir))) {
      for (const { line, text } of commentsOf(readFileSync(path, 'utf8'))) {
        for (const { file, anchor } of citationsOf(text)) {
          const known = anchors(file)
          const ok = known.has('\0missing') ? false : anchor === undefined || known.has(anchor)
          if (!ok) broken.push(`${relative(repoRoot, path)}:${line} docs/${file}#${anchor ?? ''}`)
        }
      }
    }
  }
  return broken
}

describe('docs links in comments', () => {
  it('slugs headings as GitHub does', () => {
    expect(githubSlug('Services per wallet and device')).toBe('services-per-wallet-and-device')
    expect(githubSlug('`POST /v1/sessions/:id/payments`')).toBe('post-v1sessionsidpayments')
    expect(githubSlug('Apple Pay (MPGS token)')).toBe('apple-pay-mpgs-token')
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n### B: c')]).toEqual([
      'a',
      'a-1',
      'b-c',
    ])
  })

  it('reads both citation styles', () => {
    expect(citationsOf('// see docs/api.md#objects and docs/protocol.md, "Time"')).toEqual([
      { file: 'api.md', anchor: 'objects' },
      { file: 'protocol.md', anchor: 'time' },
    ])
    expect(citationsOf('/** docs/protocol.md "Apple Pay", "Google Pay" */')).toEqual([
      { file: 'protocol.md', anchor: 'apple-pay' },
      { file: 'protocol.md', anchor: 'google-pay' },
    ])
  })

  it('every docs/…#heading cited in a comment names a heading that exists', () => {
    expect(brokenCitations(root, SOURCES)).toEqual([])
  })
})
