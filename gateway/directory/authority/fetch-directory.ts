// Fetches a signed directory from one source and verifies it, refusing anything worse than held.
import { declaredLength, readBody } from '../../lib/read-body.js'
import type { DirectoryAnchor, DirectoryDocument } from '../directory-document.js'
import { verifyDirectory } from '../verify-directory.js'
import { directoryEtag, type ServedDirectory } from './serve-directory.js'

/** Why a source gave nothing usable: fixed words, safe to log and to report. */
export type SourceFailure = 'unreachable' | 'bad_status' | 'too_large' | 'refused' | 'lower_serial'

export interface FetchDirectoryOptions {
  anchor: DirectoryAnchor
  fetch: typeof fetch
  timeoutMs: number
  maxBytes: number
}

export type FetchOutcome =
  | { outcome: 'unchanged' }
  | { outcome: 'updated'; served: ServedDirectory }
  | { outcome: 'failed'; reason: SourceFailure; cause?: unknown }

/**
 * One conditional GET of `source`: 304 or the same serial leaves `held` as it is; a new document
 * is accepted only if it verifies against the anchor and its serial is above the held one.
 *
 * @example const result = await fetchDirectory(url, held, { anchor, fetch, timeoutMs, maxBytes })
 */
export async function fetchDirectory(
  source: string,
  held: ServedDirectory | undefined,
  options: FetchDirectoryOptions,
): Promise<FetchOutcome> {
  let response: Response
  try {
    response = await options.fetch(source, {
      headers: held ? { 'if-none-match': held.etag } : {},
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    })
  } catch (cause) {
    return { outcome: 'failed', reason: 'unreachable', cause }
  }
  if (response.status === 304 && held) return { outcome: 'unchanged' }
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel()
    return { outcome: 'failed', reason: 'bad_status' }
  }
  const jws = await readJws(response, options.maxBytes)
  if (typeof jws !== 'string') return jws
  return accept(jws, held, options.anchor)
}

async function readJws(response: Response, maxBytes: number): Promise<string | FetchOutcome> {
  try {
    const length = declaredLength(response.headers.get('content-length') ?? undefined)
    const body = response.body as unknown as AsyncIterable<Uint8Array>
    const bytes = await readBody(body, maxBytes, length)
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    await response.body?.cancel().catch(() => undefined)
    const reason = (cause as Error).name === 'BodyTooLargeError' ? 'too_large' : 'unreachable'
    return { outcome: 'failed', reason, cause }
  }
}

/** A document the anchor does not vouch for is refused; so is a rollback (docs/design.md §3). */
async function accept(
  jws: string,
  held: ServedDirectory | undefined,
  anchor: DirectoryAnchor,
): Promise<FetchOutcome> {
  let document: DirectoryDocument
  try {
    document = await verifyDirectory(jws, anchor)
  } catch (cause) {
    return { outcome: 'failed', reason: 'refused', cause }
  }
  const { serial, expiresAt } = document
  if (held && serial < held.serial) return { outcome: 'failed', reason: 'lower_serial' }
  if (held && serial === held.serial) return { outcome: 'unchanged' }
  return { outcome: 'updated', served: { jws, etag: directoryEtag(jws), serial, expiresAt } }
}
