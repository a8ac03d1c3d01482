/**
 * A tiny CSV writer (RFC 4180): fields with a comma, a quote, a line break or edge spaces are
 * quoted with inner quotes doubled; lines end with CRLF. A cell that a spreadsheet would run as a
 * formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`
 * (formula injection: a shopper-chosen reference like `=HYPERLINK(...)` stays text). Twenty lines
 * instead of a dependency: quoting is all it does, and the guard is ours either way.
 */

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

export function csvCell(value: string | undefined | null): string {
  if (value === undefined || value === null || value === '') return ''
  const guarded = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded
}

export function csvLine(cells: readonly (string | undefined | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}
