import { html } from 'hono/html'
import type { SessionRecord } from '../domain/types.js'
import type { PageTexts } from './texts.js'

/** The order summary of a hosted page: the session's own lines (subject, body) and its total. */
export function orderSummary(session: SessionRecord, t: PageTexts) {
  return html`<section class="order" aria-labelledby="order-title">
<h2 id="order-title">${t.order}</h2>
<ul><li><span>${session.subject}${
    session.body ? html`<small>${session.body}</small>` : ''
  }</span></li></ul>
<p class="total"><span>${t.total}</span><span data-total>${session.currency} ${session.amount}</span></p>
</section>`
}
