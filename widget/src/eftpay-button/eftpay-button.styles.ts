import { unsafeCSS } from 'lit'

/**
 * A tag for one constant stylesheet. Not Lit's `css`: its checks of interpolated values cost the
 * script-tag file about 120 B gzipped of its 12 kB budget, and this text interpolates nothing (the
 * script-tag build collapses its white space, as for any `css` template: minify-templates.mjs).
 */
const css = (text: TemplateStringsArray) => unsafeCSS(text[0])

/**
 * The public `--eftpay-*` custom properties (the element's styling API) are read where they apply,
 * each with its default; radius and spacing, used by many rules, once on `:host` into the private
 * `--_r` and `--_g`. Light and dark defaults come from one `light-dark()` each, switched by
 * `color-scheme`: `theme="auto"` follows the system. Adopted stylesheets, so a page with
 * `style-src 'self'` (no `unsafe-inline`) applies them.
 */
export default css`
  :host {
    --_r: var(--eftpay-radius, 8px);
    --_g: var(--eftpay-spacing, 0.5rem);
    display: block;
    /* Inserting the wallets re-lays out this box only, not the page around it. Paint containment
       clips at the host's edge, which the focus ring (inside [part=base]'s padding) never reaches. */
    contain: content;
    color-scheme: light dark;
  }
  :host([theme=light]) {
    color-scheme: light;
  }
  :host([theme=dark]) {
    color-scheme: dark;
  }
  [part=base] {
    min-height: var(--eftpay-min-height, 12rem);
    display: grid;
    align-content: start;
    gap: var(--_g);
    padding: var(--_g);
    font: 1rem/1.4 var(--eftpay-font-family, system-ui, sans-serif);
    color: var(--eftpay-color-text, light-dark(#1c1c1e, #f2f2f7));
    background: var(--eftpay-color-background, light-dark(#fff, #1c1c1e));
    border-radius: var(--_r);
  }
  p {
    margin: 0;
  }
  [part=banner] {
    padding: 0 0.5em;
    border: 1px dashed;
    border-radius: var(--_r);
  }
  ul {
    display: grid;
    gap: var(--_g);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  :host([layout=grid]) ul {
    grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
  }
  button,
  .skeleton {
    display: flex;
    align-items: center;
    gap: var(--_g);
    width: 100%;
    min-height: 2.75rem;
    padding: 0 0.75em;
    font: inherit;
    color: inherit;
    background: var(--eftpay-color-surface, light-dark(#f4f4f6, #2c2c2e));
    border: 1px solid var(--eftpay-color-border, light-dark(#8a8a8e, #8e8e93));
    border-radius: var(--_r);
    text-align: start;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 3px solid var(--eftpay-color-accent, light-dark(#0a58ca, #6ea8fe));
    outline-offset: 2px;
  }
  [aria-disabled=true] {
    opacity: 0.7;
  }
  [part$=-pay] {
    justify-content: center;
    color: #fff;
    background: #000;
  }
  /* Google's brand guidelines: the black button on a light page, the white one on a dark page;
     at least 40 px high (the buttons' min-height) and 90 px wide (the grid's narrowest cell). */
  [part=google-pay] {
    color: light-dark(#fff, #000);
    background: light-dark(#000, #fff);
  }
  [part=wallet__icon] {
    flex: none;
    width: 1.5rem;
  }
  .skeleton {
    animation: pulse 1s infinite alternate;
  }
  @keyframes pulse {
    to {
      opacity: 0.4;
    }
  }
  [part=qr] {
    width: min(100%, 14rem);
    margin: auto;
  }
  :host(:state(succeeded)) [part=status] {
    color: var(--eftpay-color-success, light-dark(#146c2e, #6fdd8b));
  }
  :host(:is(:state(failed), :state(error), :state(expired))) [part=status] {
    color: var(--eftpay-color-danger, light-dark(#b3261e, #ff8a80));
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
`
