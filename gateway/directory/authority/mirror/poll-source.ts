// One poll of one upstream source by a mirror: the bounded fetch of ../../fetch-directory.ts, then
// the anchor check and the rollback check, refusing anything worse than held.
import type { DirectoryAnchor, DirectoryDocument } from '../../directory-document.js'
import { DirectorySourceError, fetchDirectory, type SourceFailure } from '../../fetch-directory.js'
import { verifyDirectory } from '../../verify-directory.js'
import { directoryEtag, type ServedDirectory } from '../serve-directory.js'

export type { SourceFailure }

export interface PollSourceOptions {
  anchor: DirectoryAnchor
  fetch: typeof fetch
  /** One total deadline for connect, headers and the whole body, ms. */
  timeoutMs: number
  maxBytes: number
}

export type PollOutcome =
  | { outcome: 'unchanged' }
  | { outcome: 'updated'; served: ServedDirectory }
  | { outcome: 'failed'; reason: SourceFailure; cause?: unknown }

/**
 * One conditional GET of `source`: 304 or the same serial leaves `held` as it is; a new document
 * is accepted only if it verifies against the anchor and its serial is above the held one. The
 * upstream may be hostile like any mirror, so the gateway's own fetch is used: no redirects,
 * bytes bounded by `maxBytes`, one deadline for the whole answer (docs/design.md §3).
 *
 * @example const result = await pollSource(url, held, { anchor, fetch, timeoutMs, maxBytes })
 */
export async function pollSource(
  source: string,
  held: ServedDirectory | undefined,
  options: PollSourceOptions,
): Promise<PollOutcome> {
  let jws: string | undefined
  try {
    const fetched = await fetchDirectory(source, {
      etag: held?.etag,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
    })
    jws = fetched.jws
  } catch (cause) {
    const reason = cause instanceof DirectorySourceError ? cause.code : 'unreachable'
    return { outcome: 'failed', reason, cause }
  }
  if (jws === undefined) return { outcome: 'unchanged' }
  return accept(jws, held, options.anchor)
}

/** A document the anchor does not vouch for is refused; so is a rollback (docs/design.md §3). */
async function accept(
  jws: string,
  held: ServedDirectory | undefined,
  anchor: DirectoryAnchor,
): Promise<PollOutcome> {
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
