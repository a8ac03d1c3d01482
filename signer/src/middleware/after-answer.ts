import type { Context } from 'hono'

/**
 * Sets (or appends) a header on a response the handler has already produced. Hono's `c.header()`
 * at that point rebuilds the response from its `body`: with @hono/node-server's lightweight
 * `Response` that turns a JSON string into a web stream, which the server then reads back chunk by
 * chunk, a few per cent of a payment start's CPU (bench/README.md, `signer_vs_baseline`). The
 * answer's own `Headers` take the change as they are; only a response whose headers cannot change
 * (one that came from `fetch`) goes the rebuilding way.
 */
export function headerAfterAnswer(c: Context, name: string, value: string, append = false): void {
  try {
    if (append) c.res.headers.append(name, value)
    else c.res.headers.set(name, value)
  } catch {
    c.header(name, value, { append })
  }
}
