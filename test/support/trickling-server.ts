// A peer that sends its status and headers at once, then its body one byte at a time, never ending.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'

export interface TricklingServer {
  url: string
  /** Resolves once the connection of the `n`-th request (from 1) has been closed. */
  closed(n: number): Promise<void>
  requests(): number
  close(): Promise<void>
}

export interface TricklingServerOptions {
  /** Milliseconds between two body bytes: shorter than the timeout under test. */
  periodMs: number
  /** Serve HTTPS with this certificate (a provider node), asking for a client certificate. */
  tls?: { cert: string; key: string }
  /** Listen on this port (a node's registered federation port); any free port when absent. */
  port?: number
  /** Loopback address to listen on (default 127.0.0.1), so several peers are told apart. */
  host?: string
}

/**
 * A registry or provider node that is alive but never finishes its answer: a timer that only
 * measures the gap between chunks never fires on it.
 */
export async function startTricklingServer(
  options: TricklingServerOptions,
): Promise<TricklingServer> {
  const closings: Promise<void>[] = []
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    closings.push(new Promise((resolve) => req.socket.once('close', () => resolve())))
    req.resume()
    res.writeHead(200, { 'content-type': 'application/json' })
    res.flushHeaders()
    const timer = setInterval(() => res.write(' '), options.periodMs)
    res.on('close', () => clearInterval(timer))
  }
  const server: Server = options.tls
    ? createHttpsServer({ ...options.tls, requestCert: true, rejectUnauthorized: false }, handler)
    : createHttpServer(handler)
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    closed: async (n) => {
      while (closings.length < n) await new Promise((r) => setImmediate(r))
      await closings[n - 1]
    },
    requests: () => closings.length,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
