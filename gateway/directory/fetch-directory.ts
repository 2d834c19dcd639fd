// Fetch a signed directory from one source: an HTTP(S) URL (authority or mirror) or a local file.
import { open } from 'node:fs/promises'
import { DeadlineError, withDeadline } from '../lib/deadline.js'
import { KopuroError } from '../lib/errors.js'
import { BodyTooLargeError, readWebText } from '../lib/read-body.js'

export interface FetchedDirectory {
  /** The compact JWS as received, or undefined when the source answered 304 Not Modified. */
  jws?: string
  etag?: string
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

/**
 * Why a source gave no document: fixed words, safe to log and to report. `refused` (the document
 * did not verify) and `lower_serial` are decided by the caller after the fetch.
 */
export type SourceFailure =
  'unreachable' | 'redirect' | 'bad_status' | 'too_large' | 'timeout' | 'refused' | 'lower_serial'

/**
 * Raised when one source gives nothing usable; the caller tries the next source
 * (docs/design.md §3).
 */
export class DirectorySourceError extends KopuroError<SourceFailure> {
  constructor(code: SourceFailure, options?: { cause?: unknown }) {
    super(code, `directory source refused: ${code}`, options)
    this.name = 'DirectorySourceError'
  }
}

/**
 * The largest directory document read from a source. A national federation's directory lists
 * a few thousand members with their subsystems, keys, nodes and services, well under 1 KiB each:
 * a few MiB. 10 MiB leaves room to grow while a hostile mirror can make a gateway hold no more
 * than that, however much it sends (docs/design.md §3: a mirror may be hostile; §2: bounded
 * reads).
 */
export const MAX_DIRECTORY_BYTES = 10 * 1024 * 1024

export interface FetchDirectoryOptions {
  etag?: string
  fetch: FetchLike
  /** One total deadline for connect, headers and the whole body, ms. */
  timeoutMs: number
  /** Default {@link MAX_DIRECTORY_BYTES}. */
  maxBytes?: number
}

/**
 * Fetches with `If-None-Match` so an unchanged document costs one small round trip, and is
 * written for a hostile source (docs/design.md §3): a redirect is a refusal and never followed,
 * the body is read by bytes up to `maxBytes` whatever `Content-Length` says, and one deadline
 * covers the whole exchange, so a source trickling a byte at a time is cut when it runs out. Any failure
 * rejects with a {@link DirectorySourceError} naming the reason; the caller tries the next source.
 *
 * @example const { jws, etag } = await fetchDirectory(url, { fetch, timeoutMs: 5000 })
 */
export async function fetchDirectory(
  source: string,
  options: FetchDirectoryOptions,
): Promise<FetchedDirectory> {
  if (!/^https?:\/\//.test(source))
    return { jws: await readLocalSource(source, options.maxBytes ?? MAX_DIRECTORY_BYTES) }
  try {
    return await withDeadline(options.timeoutMs, (signal) => fetchOnce(source, options, signal))
  } catch (cause) {
    throw cause instanceof DirectorySourceError
      ? cause
      : new DirectorySourceError(failureOf(cause), { cause })
  }
}

/** The request and the whole body under one signal, so the deadline reaches the last byte. */
async function fetchOnce(
  source: string,
  options: FetchDirectoryOptions,
  signal: AbortSignal,
): Promise<FetchedDirectory> {
  const res = await options.fetch(source, {
    headers: options.etag ? { 'if-none-match': options.etag } : {},
    redirect: 'error',
    signal,
  })
  if (res.status === 304 && options.etag) {
    await res.body?.cancel().catch(() => undefined)
    return { etag: options.etag }
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined)
    throw new DirectorySourceError('bad_status')
  }
  const jws = await readWebText(res, options.maxBytes ?? MAX_DIRECTORY_BYTES)
  return { jws, etag: res.headers.get('etag') ?? undefined }
}

/**
 * A local copy (an operator's file, a mounted volume) is bounded like a remote one: a document
 * larger than `maxBytes` is refused `too_large` without being read whole.
 */
async function readLocalSource(source: string, maxBytes: number): Promise<string> {
  const file = await open(source.replace(/^file:\/\//, ''), 'r')
  try {
    const buffer = Buffer.alloc(maxBytes + 1)
    let length = 0
    while (length < buffer.length) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
    }
    if (length > maxBytes) throw new DirectorySourceError('too_large')
    return buffer.subarray(0, length).toString('utf8')
  } finally {
    await file.close()
  }
}

/** undici reports a refused redirect as a network error whose cause says so. */
function failureOf(error: unknown): SourceFailure {
  if (error instanceof DeadlineError) return 'timeout'
  if (error instanceof BodyTooLargeError) return 'too_large'
  const cause = (error as Error | undefined)?.cause as Error | undefined
  if (error instanceof TypeError && cause?.message === 'unexpected redirect') return 'redirect'
  return 'unreachable'
}
