// Serves a Hono app on a plain HTTP listener with explicit limits, for the authority and mirrors.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { toNodeListener } from '../../lib/node-listener.js'

export interface Listening {
  url: string
  close(): Promise<void>
}

/** Explicit limits instead of Node's defaults (slow-header and oversize-header guards). */
const LIMITS = {
  maxHeaderSize: 16 * 1024,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 65_000,
}

/**
 * Listens on `host:port` (`port: 0` picks a free one, see `url`) until `close()`.
 *
 * @example const { url, close } = await listenApp(app.fetch, { port: 0 })
 */
export function listenApp(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { port: number; host?: string },
): Promise<Listening> {
  const host = options.host ?? '127.0.0.1'
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) {
    throw new TypeError('listenApp: port must be an integer in [0, 65535]')
  }
  const server = createServer(LIMITS, toNodeListener(fetch))
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      server.off('error', reject)
      const { port } = server.address() as AddressInfo
      const name = host.includes(':') ? `[${host}]` : host
      resolve({ url: `http://${name}:${port}`, close: () => closeServer(server) })
    })
  })
}

/** Stops accepting, then drops idle keep-alive sockets so close() does not wait for them. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()))
    server.closeIdleConnections()
  })
}
