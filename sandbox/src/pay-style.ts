/**
 * The hosted pay page's stylesheet, served as a file (`GET /sandbox/assets/pay.css`) so the page
 * works under a CSP of `style-src 'self'` with no inline styles. Wallet looks are classes
 * (`wallet-<code>`), not inline `style` attributes, for the same reason. Colours are our own
 * approximations with white text at WCAG AA contrast; the marks are plain letters, no logos.
 */
export const PAY_PAGE_CSS = `
:root {
  color-scheme: light dark;
  --brand: #3a4a5c;
  --brand-ink: #fff;
  --bg: #f3f4f6;
  --card: #fff;
  --ink: #1f2937;
  --muted: #4b5563;
  --line: #d1d5db;
  --focus: #1d4ed8;
  font-family: system-ui, -apple-system, "Segoe UI", "PingFang HK", "Microsoft JhengHei", sans-serif;
  line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #111827; --card: #1f2937; --ink: #f9fafb; --muted: #d1d5db; --line: #4b5563; --focus: #93c5fd; }
}
.wallet-ALIPAYHK, .wallet-ALIPAYCN, .wallet-ALIPAYBOTH { --brand: #1463d8; }
.wallet-FPS { --brand: #00457c; }
.wallet-WECHATHK, .wallet-WECHATCN { --brand: #067a3c; }
.wallet-PAYME { --brand: #c4102b; }
.wallet-OCT { --brand: #b33f00; }
.wallet-BOCVMPUPI { --brand: #a6192e; }
.wallet-UNIONPAY { --brand: #00508f; }
.wallet-ICBCWAP { --brand: #b3131a; }
.wallet-MPGS { --brand: #1a1f71; }
.wallet-AE { --brand: #006fcf; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); min-height: 100vh; }
.sandbox-banner {
  background: repeating-linear-gradient(135deg, #fde047 0 14px, #facc15 14px 28px);
  color: #1f2937; text-align: center; padding: .6rem 1rem; font-size: .95rem;
  border-bottom: 2px solid #a16207;
}
.sandbox-banner strong { letter-spacing: .06em; }
main { max-width: 28rem; margin: 2rem auto; padding: 0 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 14px; overflow: hidden;
  box-shadow: 0 8px 24px rgb(0 0 0 / .08); }
.brand { display: flex; align-items: center; gap: .75rem; background: var(--brand); color: var(--brand-ink);
  padding: 1rem 1.25rem; font-weight: 600; font-size: 1.1rem; }
.mark { display: inline-grid; place-items: center; width: 2.25rem; height: 2.25rem; border-radius: 10px;
  background: var(--brand-ink); color: var(--brand); font-weight: 800; font-size: 1.1rem; }
.content { padding: 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0 0 1.25rem; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
code { font-size: .85em; }
.note { border-left: 4px solid var(--brand); padding: .5rem .75rem; background: rgb(127 127 127 / .08); margin: 0 0 1rem; }
figure { margin: 0 0 1.25rem; text-align: center; }
figure svg { width: 12rem; height: 12rem; background: #fff; padding: .25rem; border-radius: 8px; }
figcaption { color: var(--muted); font-size: .9rem; }
.actions { display: grid; gap: .6rem; }
button, .button { font: inherit; font-weight: 600; padding: .75rem 1rem; border-radius: 10px; cursor: pointer;
  border: 2px solid var(--line); background: transparent; color: var(--ink); width: 100%; }
button.primary { background: var(--brand); border-color: var(--brand); color: var(--brand-ink); }
button:hover { filter: brightness(1.08); }
button:focus-visible, a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.status { font-size: 1.1rem; font-weight: 600; }
.status-TRADE_SUCCESS { color: #15803d; }
.status-TRADE_FAIL, .status-TRADE_CLOSED { color: #b91c1c; }
@media (prefers-color-scheme: dark) {
  .status-TRADE_SUCCESS { color: #86efac; }
  .status-TRADE_FAIL, .status-TRADE_CLOSED { color: #fca5a5; }
}
a { color: inherit; }
footer { color: var(--muted); font-size: .85rem; text-align: center; margin: 1rem 0 2rem; }
`
