/**
 * Turns the store's portable SQL (db.ts: `?` placeholders) into PostgreSQL's numbered `$n`
 * parameters. A `?` inside a string literal, a quoted identifier or a comment is left alone.
 */
export function toPostgresPlaceholders(sql: string): string {
  let out = ''
  let n = 0
  let i = 0
  while (i < sql.length) {
    const ch = sql[i] as string
    const next = sql[i + 1]
    if (ch === "'" || ch === '"') {
      // A quoted run ends at the matching quote; a doubled quote ('it''s') is an escaped one.
      let j = i + 1
      for (;;) {
        const k = sql.indexOf(ch, j)
        if (k === -1) {
          j = sql.length
          break
        }
        if (sql[k + 1] === ch) {
          j = k + 2
          continue
        }
        j = k + 1
        break
      }
      out += sql.slice(i, j)
      i = j
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i)
      const j = end === -1 ? sql.length : end
      out += sql.slice(i, j)
      i = j
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2)
      const j = end === -1 ? sql.length : end + 2
      out += sql.slice(i, j)
      i = j
    } else if (ch === '?') {
      n += 1
      out += `$${n}`
      i += 1
    } else {
      out += ch
      i += 1
    }
  }
  return out
}
