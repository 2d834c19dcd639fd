// Listens with a registry's Hono app on a real socket, and runs a registry as a process.

import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import type { Hono } from 'hono'

/** Longer than the usual 60 s idle timeout of proxies in front, so they close first. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000

export interface ServeOptions {
  port: number
  host?: string
}

export interface RunningServer {
  url: string
  close(): Promise<void>
}

/**
 * Serves an app until `close()` is called; `port: 0` picks a free port (see `url`).
 *
 * @example
 * const server = await serveApp(createPopulationApp(), { port: 0 })
 * await fetch(`${server.url}/health`)
 * await server.close()
 */
export function serveApp(app: Hono, options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) {
    throw new TypeError('port must be an integer in [0, 65535]')
  }
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: host }, (info) => {
      server.off('error', reject)
      resolve({ url: urlOf(host, info), close: () => closeServer(server) })
    }) as Server
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS
    server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000
    server.once('error', reject)
  })
}

function urlOf(host: string, info: AddressInfo): string {
  const name = host.includes(':') ? `[${host}]` : host
  return `http://${name}:${info.port}`
}

/** Stops accepting, then drops idle keep-alive sockets so close() does not wait 65 s for them. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()))
    server.closeIdleConnections()
  })
}

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1]
  return script !== undefined && moduleUrl === pathToFileURL(script).href
}

/** Closes the server on SIGINT / SIGTERM so the process exits cleanly. */
export function closeOnSignals(server: RunningServer): void {
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
