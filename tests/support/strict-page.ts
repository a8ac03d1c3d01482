import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { plainPort, signerUrl } from './env.js'

const WIDGET_DIST = fileURLToPath(new URL('../../widget/dist/', import.meta.url))

/**
 * The policy a storefront with no `unsafe-*` sends: scripts and styles from its own origin only,
 * connections to the signer. `https://google.com/pay` in connect-src: Chrome fetches the Google Pay
 * payment method's manifest from there when the widget asks `canMakePayment()` (the signer enables
 * Google Pay), and a policy without it blocks that fetch (widget/README.md).
 */
export function strictCsp(): string {
  const signer = new URL(signerUrl())
  return `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${signer.origin} https://google.com/pay; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
}

/**
 * A plain HTML page on `plainPort()` under `strictCsp()`, with the built script-tag file and its
 * chunks beside it and one catalog-style `<eftpay-button>` for the sandbox's egg tart.
 */
export async function serveStrictPage(page: { title: string; quantity: number }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    res.setHeader('Content-Security-Policy', strictCsp())
    if (path === '/') {
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${page.title}</title>
<script type="module" src="/eftpay-button.js"></script></head>
<body><main><h1>${page.title}</h1>
<eftpay-button signer="${signerUrl()}" sku="egg-tart" quantity="${page.quantity}"></eftpay-button></main></body></html>`)
      return
    }
    const file = /^\/(eftpay-button[A-Za-z0-9._-]*\.js)$/.exec(path)?.[1]
    try {
      if (!file) throw new Error('not found')
      const body = readFileSync(`${WIDGET_DIST}${file}`)
      res.setHeader('content-type', 'text/javascript; charset=utf-8')
      res.end(body)
    } catch {
      res.statusCode = 404
      res.end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(plainPort(), '127.0.0.1', resolve))
  return server
}
