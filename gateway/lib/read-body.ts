// Read a message body into memory up to a hard limit, refusing oversize bodies as early as possible.
import type { Readable } from 'node:stream'
import { KopuroError } from './kopuro-error.js'

/** Raised when a body exceeds its limit; callers map it to their side's `*_too_large` code. */
export class BodyTooLargeError extends KopuroError<'body_too_large'> {
  constructor(readonly limit: number) {
    super('body_too_large', `body exceeds ${limit} bytes`)
    this.name = 'BodyTooLargeError'
  }
}

const EMPTY = new Uint8Array(0)

/**
 * Collects a stream's bytes, never holding more than `limit` of them: a declared
 * `Content-Length` over the limit is refused before the first byte is read, and a body that
 * streams past the limit is refused the moment it does (docs/design.md §2: memory is bounded by
 * limit × concurrency, never by what a peer sends).
 */
export async function readBody(
  stream: Readable | AsyncIterable<Uint8Array>,
  limit: number,
  declaredLength?: number,
): Promise<Uint8Array> {
  if (declaredLength !== undefined && declaredLength > limit) throw new BodyTooLargeError(limit)
  if (declaredLength === 0) return EMPTY
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (size > limit) throw new BodyTooLargeError(limit)
    chunks.push(chunk)
  }
  if (chunks.length === 0) return EMPTY
  if (chunks.length === 1) return chunks[0]!
  return Buffer.concat(chunks, size)
}

/** Parses a Content-Length header value; undefined when absent, NaN-safe. */
export function declaredLength(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return undefined
  return Number(value)
}

/**
 * The length a request declares: its Content-Length, 0 when it has neither Content-Length nor
 * Transfer-Encoding (RFC 9112 §6.3: no body), undefined when the length is only known at the end.
 */
export function declaredRequestLength(
  headers: Record<string, string | string[] | undefined>,
): number | undefined {
  const length = headers['content-length']
  if (length !== undefined) return declaredLength(length)
  return headers['transfer-encoding'] === undefined ? 0 : undefined
}

/**
 * Reads a fetch `Response` or `Request` body (a web stream) with the same bound: a declared
 * length over the limit is refused unread and the stream cancelled, a body that streams past the
 * limit is cancelled the moment it does. Every web body in the project goes through this or
 * {@link readWebText} (docs/design.md §2, bounded reads).
 *
 * @example await readWebBody(res, 1024 * 1024) // Uint8Array, or BodyTooLargeError
 */
export async function readWebBody(
  message: { body: ReadableStream<Uint8Array> | null; headers: Headers },
  limit: number,
): Promise<Uint8Array> {
  const body = message.body
  if (body === null) return EMPTY
  const declared = declaredLength(message.headers.get('content-length') ?? undefined)
  if (declared !== undefined && declared > limit) {
    await body.cancel().catch(() => undefined)
    throw new BodyTooLargeError(limit)
  }
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        await reader.cancel().catch(() => undefined)
        throw new BodyTooLargeError(limit)
      }
      chunks.push(value)
    }
  } finally {
    reader.releaseLock()
  }
  if (chunks.length === 0) return EMPTY
  if (chunks.length === 1) return chunks[0]!
  return Buffer.concat(chunks, size)
}

/** {@link readWebBody} decoded as UTF-8 (invalid sequences become U+FFFD, as `Response.text()`). */
export async function readWebText(
  message: { body: ReadableStream<Uint8Array> | null; headers: Headers },
  limit: number,
): Promise<string> {
  return new TextDecoder().decode(await readWebBody(message, limit))
}

/**
 * {@link readWebText} parsed as JSON; a body that is not JSON raises `SyntaxError`, so callers
 * can tell "too large" from "malformed".
 */
export async function readWebJson(
  message: { body: ReadableStream<Uint8Array> | null; headers: Headers },
  limit: number,
): Promise<unknown> {
  return JSON.parse(await readWebText(message, limit)) as unknown
}
