import { createHash } from 'node:crypto'

/**
 * The two files the hosted pages load from the signer's own origin, so their policy needs no
 * `unsafe-inline` (docs/api.md "Hosted checkout"): the stylesheet, and the script that hands the
 * client secret from the URL's fragment to the widget. Small enough to live here as text.
 */

const CSS = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang HK","Microsoft JhengHei",sans-serif;color:#1a1a1a;background:#f6f7f8}
main{max-width:28rem;margin:0 auto;padding:1rem}
header.brand{display:flex;align-items:center;gap:.75rem;padding:1rem;background:var(--brand);color:#fff}
header.brand img{height:2.5rem;width:auto;border-radius:.25rem;background:#fff}
header.brand span{font-weight:600;font-size:1.1rem}
h1{font-size:1.25rem;margin:.5rem 0 1rem}
.order{background:#fff;border-radius:.5rem;padding:1rem;margin-bottom:1rem}
.order h2{font-size:1rem;margin:0 0 .5rem}
.order ul{list-style:none;margin:0;padding:0}
.order li{display:flex;justify-content:space-between;gap:1rem;padding:.25rem 0}
.order small{display:block;color:#555}
.total{display:flex;justify-content:space-between;font-weight:600;border-top:1px solid #ddd;margin-top:.5rem;padding-top:.5rem}
.notice{background:#fff;border-left:4px solid var(--brand);padding:1rem;border-radius:.25rem}
.error{color:#9b1c1c;font-weight:600}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{font:inherit;padding:.6rem;width:100%;border:1px solid #888;border-radius:.375rem}
button{font:inherit;font-weight:600;width:100%;margin-top:1rem;padding:.8rem;border:0;border-radius:.5rem;background:var(--brand);color:#fff;cursor:pointer}
nav.langs{display:flex;gap:1rem;justify-content:center;margin-top:1.5rem}
nav.langs a{color:#1a1a1a}
nav.langs a[aria-current]{font-weight:700;text-decoration:none}
`

/**
 * Reads the client secret from the fragment (never sent to a server, so never in an access log),
 * keeps it in the tab's sessionStorage for a reload or a language switch, removes it from the
 * address bar, and gives it to the widget before the widget's module runs (modules run in order).
 */
const JS = `const b=document.querySelector('eftpay-button[data-hosted]');
if(b){const k='eftpay-hosted:'+b.dataset.hosted,h=decodeURIComponent(location.hash.slice(1));
if(h.startsWith(b.dataset.hosted+'_secret_')){sessionStorage.setItem(k,h);history.replaceState(null,'',location.pathname+location.search)}
const s=sessionStorage.getItem(k);
if(s)b.setAttribute('client-secret',s);else{b.remove();document.getElementById('no-secret')?.removeAttribute('hidden')}}
`

const version = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12)

export const PAGE_ASSETS = {
  css: { path: `/pay/assets/${version(CSS)}/page.css`, body: CSS, type: 'text/css' },
  js: { path: `/pay/assets/${version(JS)}/hosted.js`, body: JS, type: 'text/javascript' },
} as const

/** `'sha256-…'` of an inline `<style>` text, for the page's `style-src`. */
export const styleHash = (text: string): string =>
  `'sha256-${createHash('sha256').update(text).digest('base64')}'`
