// Serving a signed directory over HTTP with a strong ETag and conditional GET (RFC 9110 §8.8.3, §13.1.2).
import { createHash } from 'node:crypto'

/** RFC 7515 §9.2.1: the media type of a JWS in compact serialisation. */
export const JOSE_CONTENT_TYPE = 'application/jose'

/** A signed directory as it is served: the exact JWS text and what is known about it. */
export interface ServedDirectory {
  jws: string
  /** Strong entity tag: the quoted base64url SHA-256 of the JWS bytes. */
  etag: string
  serial: number
  expiresAt: string
}

/**
 * The strong ETag of a JWS. It depends only on the bytes, so the authority and every mirror give
 * the same document the same tag, and a gateway's `If-None-Match` works against any source.
 *
 * @example directoryEtag(jws) // '"q1w2…"'
 */
export function directoryEtag(jws: string): string {
  return `"${createHash('sha256').update(jws).digest('base64url')}"`
}

/**
 * Whether `If-None-Match` matches `etag`: `*`, or any listed tag under the weak comparison
 * RFC 9110 §13.1.2 prescribes for this header (a `W/` prefix is ignored).
 */
export function ifNoneMatchHits(header: string | undefined | null, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque)
}

/**
 * `GET /directory`: 304 when the client already holds these bytes, else the JWS unchanged.
 * `no-cache` makes caches revalidate, so nobody is served a superseded serial from a cache.
 *
 * @example app.get('/directory', (c) => directoryResponse(held(), c.req.header('if-none-match')))
 */
export function directoryResponse(
  served: ServedDirectory,
  ifNoneMatch: string | undefined,
): Response {
  const headers = { etag: served.etag, 'cache-control': 'no-cache' }
  if (ifNoneMatchHits(ifNoneMatch, served.etag)) return new Response(null, { status: 304, headers })
  return new Response(served.jws, {
    status: 200,
    headers: { ...headers, 'content-type': JOSE_CONTENT_TYPE },
  })
}
