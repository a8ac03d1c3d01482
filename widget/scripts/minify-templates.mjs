// A Vite plugin for the script-tag build: collapses the whitespace inside Lit's html`` / svg`` /
// css`` templates of our own sources, which no JS minifier touches (they are string contents).
// Uses the TypeScript parser to find the templates exactly, so code around them is never changed.
import ts from 'typescript'

/**
 * Collapses whitespace in CSS text and drops a number's leading zero (`0.5rem` → `.5rem`); safe for
 * our stylesheets (no strings with significant spaces or digits).
 */
function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{}:;,>])\s*/g, '$1')
    .replace(/;}/g, '}')
    .replace(/([ :(,])0\.(\d)/g, '$1.$2')
    .trim()
}

/** Collapses each run of whitespace that holds a line break to one space (HTML renders them alike). */
function minifyHtml(text) {
  return text.replace(/\s*\n\s*/g, ' ')
}

/** @returns {import('vite').Plugin} */
export function minifyTemplates() {
  return {
    name: 'eftpay-minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/widget\/src\/.*\.ts$/.test(id) || id.includes('/node_modules/')) return undefined
      const file = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true)
      /** @type {Array<[number, number, string]>} */
      const edits = []
      const visit = (node) => {
        if (
          ts.isTaggedTemplateExpression(node) &&
          ts.isIdentifier(node.tag) &&
          ['html', 'svg', 'css'].includes(node.tag.text)
        ) {
          const minify = node.tag.text === 'css' ? minifyCss : minifyHtml
          const t = node.template
          const literals = ts.isNoSubstitutionTemplateLiteral(t)
            ? [t]
            : [t.head, ...t.templateSpans.map((s) => s.literal)]
          for (const lit of literals) {
            // The literal's raw text sits between its opening (` or }) and closing (` or ${) delimiters.
            const start = lit.getStart(file) + 1
            const end = lit.getEnd() - (ts.isTemplateHead(lit) || ts.isTemplateMiddle(lit) ? 2 : 1)
            const raw = code.slice(start, end)
            if (node.tag.text === 'css' && literals.length > 1) continue
            edits.push([start, end, minify(raw)])
          }
        }
        ts.forEachChild(node, visit)
      }
      visit(file)
      if (edits.length === 0) return undefined
      let out = code
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0]))
        out = out.slice(0, start) + text + out.slice(end)
      return { code: out, map: null }
    },
  }
}
