import { html } from 'hono/html'
import type { Catalog } from '../catalog/catalog.js'
import type { LinkChoiceError } from '../domain/links-checkout.js'
import type { LinkRecord } from '../store/links.js'
import type { PageTexts } from './texts.js'

/** The body of a payment link's page: what is sold, the shopper's choices, and the pay button. */

export function choiceMessage(t: PageTexts, error: LinkChoiceError): string {
  const p = error.problem
  if (p.kind === 'amountFormat') return t.errors.amountFormat
  if (p.kind === 'amountOutside') return t.errors.amountOutside(p.min, p.max)
  return t.errors.quantityOutside(p.min, p.max)
}

export function linkForm(
  link: LinkRecord,
  catalog: Catalog,
  t: PageTexts,
  action: string,
  error?: { param: string; message: string },
) {
  const alert = error
    ? html`<p class="error" role="alert" id="choice-error">${error.message}</p>`
    : ''
  const described = (param: string) => (error?.param === param ? 'choice-error' : undefined)
  const items = (link.lineItems ?? []).map((item, i) => {
    const priced = catalog.price(item.sku, 1)
    const name = `quantity_${i}`
    return html`<li><span>${priced.subject}<small>${priced.currency} ${priced.amount}</small></span>${
      item.adjustable
        ? html`<span><label for="${name}">${t.quantity}</label><input id="${name}" name="${name}" type="number" inputmode="numeric" value="${item.quantity}" min="${item.adjustable.minimum}" max="${item.adjustable.maximum}" aria-describedby="${described(name)}"></span>`
        : html`<span>× ${item.quantity}</span>`
    }</li>`
  })
  const order =
    link.kind === 'fixed'
      ? html`<p class="total"><span>${t.total}</span><span data-total>${link.currency} ${link.amount}</span></p>`
      : link.kind === 'items'
        ? html`<ul>${items}</ul>`
        : html`<label for="amount">${t.amount} (${link.currency})</label>
<input id="amount" name="amount" inputmode="decimal" autocomplete="off" aria-describedby="amount-range ${described('amount') ?? ''}">
<small id="amount-range">${t.amountRange(link.minAmount as string, link.maxAmount as string)}</small>`
  // novalidate: the signer validates the amount and quantities and words the refusal itself.
  return html`<form method="post" action="${action}" novalidate class="order">
<h2>${link.subject}</h2>${alert}${order}
<button type="submit">${t.pay}</button></form>`
}
