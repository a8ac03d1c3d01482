import { html } from 'lit'
import { ApiError } from '../api.js'

/**
 * An error from the console API shown next to the field it names (`error.param`, docs/api.md
 * "Errors"), or above the form when it names none. `aria-describedby` ties it to its input.
 */

export interface Problem {
  field: string
  message: string
}

/** `fields` maps an API parameter to the form field that holds it (created_gte → from). */
export function problemOf(
  error: unknown,
  fallback: string,
  fields: Record<string, string> = {},
): Problem {
  if (!(error instanceof ApiError)) return { field: '', message: fallback }
  const param = error.param ?? ''
  return { field: fields[param] ?? param, message: error.message }
}

export function fieldError(problem: Problem | undefined, field: string) {
  return problem?.field === field && field
    ? html`<p class="error" id="err-${field}" role="alert">${problem.message}</p>`
    : ''
}

export function formError(problem: Problem | undefined, fields: readonly string[]) {
  return problem && !fields.includes(problem.field)
    ? html`<p class="error" role="alert">${problem.message}</p>`
    : ''
}

/** The id of the field's error message when it has one (for aria-describedby), else nothing. */
export function describedBy(problem: Problem | undefined, field: string): string | undefined {
  return problem?.field === field ? `err-${field}` : undefined
}

/** A time in the page's language. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString(document.documentElement.lang) : '—'
}

/** Asks the shell to show another path (app.ts listens). */
export function navigate(from: HTMLElement, path: string): void {
  from.dispatchEvent(new CustomEvent('navigate', { detail: path, bubbles: true, composed: true }))
}
