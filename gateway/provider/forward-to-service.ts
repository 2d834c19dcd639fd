// Forward an authorised request to a registry backend over a pooled keep-alive connection.
import { errors as undiciErrors, Pool } from 'undici'
import type { IncomingHttpHeaders } from 'node:http'
import { BodyTooLargeError, readBody } from '../lib/read-body.js'
import { DeadlineError, withDeadline } from '../lib/deadline.js'
import { GatewayError } from '../lib/errors.js'

export interface ServiceBackend {
  /** Sends one request; the backend's redirects are returned as they are, never followed. */
  send(request: BackendRequest): Promise<BackendResponse>
  close(): Promise<void>
}

export interface BackendRequest {
  method: string
  /** Path below the service base (normalised, encoded) plus `?query`. */
  pathAndQuery: string
  headers: Record<string, string>
  body: Uint8Array
}

export interface BackendResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Uint8Array
}

export interface ServiceBackendOptions {
  url: string
  timeoutMs: number
  maxBodyBytes: number
  connections?: number
}

/**
 * Creates a backend client with an undici pool (docs/design.md §10: the fastest forwarding measured
 * here). The service's timeout bounds the whole exchange, not just the gaps between chunks; an
 * oversize response is cut off.
 *
 * @example const backend = createServiceBackend({ url: 'http://127.0.0.1:7001', timeoutMs: 30000, maxBodyBytes: 1e7 })
 */
export function createServiceBackend(options: ServiceBackendOptions): ServiceBackend {
  const base = new URL(options.url)
  const basePath = base.pathname.replace(/\/$/, '')
  const pool = new Pool(base.origin, {
    connections: options.connections ?? 64,
    keepAliveTimeout: 30_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connect: { timeout: Math.min(options.timeoutMs, 10_000) },
  })
  return {
    async send(request) {
      try {
        // The service's timeout is a total: connect, headers and the whole body (docs/protocol.md §3.10).
        return await withDeadline(options.timeoutMs, async (signal) => {
          const res = await pool.request({
            method: request.method as 'GET',
            path: joinPath(basePath, request.pathAndQuery),
            headers: request.headers,
            body: request.body.byteLength === 0 ? null : request.body,
            signal,
          })
          const body = await readBody(res.body, options.maxBodyBytes, undefined).catch((e) => {
            res.body.destroy()
            throw e
          })
          return { status: res.statusCode, headers: res.headers, body }
        })
      } catch (e) {
        throw backendError(e)
      }
    },
    close: () => pool.close(),
  }
}

function joinPath(basePath: string, pathAndQuery: string): string {
  const path = basePath + pathAndQuery
  return path === '' || path.startsWith('?') ? '/' + path : path
}

function backendError(e: unknown): GatewayError {
  if (e instanceof GatewayError) return e
  if (e instanceof BodyTooLargeError)
    return new GatewayError('server.serverproxy.response_too_large', { cause: e })
  const timedOut =
    e instanceof DeadlineError ||
    e instanceof undiciErrors.HeadersTimeoutError ||
    e instanceof undiciErrors.BodyTimeoutError ||
    e instanceof undiciErrors.ConnectTimeoutError ||
    (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))
  return new GatewayError(
    timedOut ? 'server.serverproxy.timeout' : 'server.serverproxy.service_failed',
    {
      cause: e,
    },
  )
}
