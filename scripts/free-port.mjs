// A port the OS says is free now: bound on 127.0.0.1 port 0, then released. For servers that must
// know their own port before they start (the signer builds notify_url from it). Shared by the demo,
// the signer's process tests and the bench.
import { createServer } from 'node:net'

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}
