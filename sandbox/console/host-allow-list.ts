// The Host allow-list: the console answers only under the names it listens on.
import type { MiddlewareHandler } from 'hono'

/**
 * The authorities (`host:port`) a browser uses for the console on `port`: the loopback names,
 * and any `names` the operator configured. A DNS-rebound name sends its own Host, so a page of
 * another site never gets past this even though its Origin then matches the request's.
 *
 * @example consoleHosts(4700, []) // ['localhost:4700', '127.0.0.1:4700', '[::1]:4700']
 */
export function consoleHosts(port: number, names: readonly string[]): string[] {
  const hosts = ['localhost', '127.0.0.1', '[::1]', ...names].map((h) => h.toLowerCase())
  return hosts.flatMap((h) => (port === 80 ? [h, `${h}:80`] : [`${h}:${port}`]))
}

/**
 * Refuses, with 421 Misdirected Request (RFC 9110 §15.5.20), a request whose Host header or
 * absolute request target names anything else, before any handler runs.
 */
export function hostAllowList(hosts: readonly string[]): MiddlewareHandler {
  const allowed = new Set(hosts.map((h) => h.toLowerCase()))
  return async (c, next) => {
    const header = c.req.header('host')
    const target = new URL(c.req.url).host
    const ok = [header ?? target, target].every((h) => allowed.has(h.toLowerCase()))
    if (!ok) return c.text('misdirected request: unknown host', 421)
    return next()
  }
}
