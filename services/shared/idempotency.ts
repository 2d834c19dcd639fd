// Idempotency-Key for state-changing registry operations (IETF httpapi idempotency-key draft).
import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { ProblemError } from './problem.js'
import { readRequestBytes } from './request-body.js'

export interface IdempotencyOptions {
  /** How long a stored response is replayed, ms (default 24 h). */
  ttlMs?: number
  /** Bound on stored responses; the oldest go first. */
  maxEntries?: number
  now?: () => number
  /** The route's body limit: the fingerprint reads the body through the bounded reader. */
  maxBodyBytes?: number
}

interface StoredResponse {
  fingerprint: string
  expiresAt: number
  /** Undefined while the first request with this key is still being processed. */
  response?: { status: number; headers: [string, string][]; body: ArrayBuffer }
}

/** The draft's limit on key length is the server's to set; 255 printable characters. */
const KEY = /^[\x21-\x7e]{1,255}$/

/**
 * Makes an operation idempotent per `Idempotency-Key`: the same key with the same request
 * replays the stored response (`Idempotent-Replayed: true`); the same key with a different
 * request is 422; a second request while the first is still running is 409 (draft §2.6). Requests
 * without the header run normally. The body is read once, within `maxBodyBytes` (413 over it),
 * and the handler reads the same bytes with `readJsonBody`.
 *
 * @example app.post('/fines/:id/payments', idempotency(), payFine)
 */
export function idempotency(options: IdempotencyOptions = {}): MiddlewareHandler {
  const ttlMs = options.ttlMs ?? 24 * 3600 * 1000
  const maxEntries = options.maxEntries ?? 10_000
  const now = options.now ?? Date.now
  const store = new Map<string, StoredResponse>()
  return async (c, next) => {
    const key = c.req.header('idempotency-key')
    if (key === undefined) return next()
    if (!KEY.test(key)) throw problem(400, 'invalid-idempotency-key', 'Invalid Idempotency-Key')
    const fingerprint = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n`)
      .update(await readRequestBytes(c, { limit: options.maxBodyBytes }))
      .digest('base64url')
    const entry = store.get(key)
    if (entry && entry.expiresAt > now()) {
      if (entry.fingerprint !== fingerprint) {
        throw problem(422, 'idempotency-key-reused', 'Idempotency-Key reused with another request')
      }
      if (!entry.response)
        throw problem(409, 'request-in-progress', 'A request with this key is in progress')
      const headers = new Headers(entry.response.headers)
      headers.set('idempotent-replayed', 'true')
      return new Response(entry.response.body.slice(0), { status: entry.response.status, headers })
    }
    if (store.size >= maxEntries) store.delete(store.keys().next().value as string)
    const pending: StoredResponse = { fingerprint, expiresAt: now() + ttlMs }
    store.set(key, pending)
    try {
      await next()
    } catch (e) {
      store.delete(key)
      throw e
    }
    // Only completed outcomes are remembered; a server error lets the client retry with the key.
    if (c.res.status >= 500) {
      store.delete(key)
      return
    }
    const body = await c.res.clone().arrayBuffer() // bounded: this app's own response
    pending.response = { status: c.res.status, headers: [...c.res.headers], body }
  }
}

function problem(status: 400 | 409 | 422, code: string, title: string): ProblemError {
  return new ProblemError({ status, code, title })
}
