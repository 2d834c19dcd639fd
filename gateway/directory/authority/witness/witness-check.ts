// The witness's rules for a pushed tree head: right key, right node, consistent with the last.
import {
  CheckpointError,
  isHashBase64,
  verifyCheckpoint,
  verifyConsistency,
  type SignedCheckpoint,
} from '../../../audit/index.js'
import type { JWK } from 'jose'
import { AuthorityError } from '../authority-error.js'
import type { WitnessRecord } from './witness-store.js'

/** A consistency proof longer than this cannot be RFC 9162's for any 2^64-record log. */
const MAX_PROOF_LENGTH = 128
const MAX_HEAD_LENGTH = 8 * 1024

/** `POST /witness/{node}` body: the new head, and a proof that it extends `previous`. */
export interface WitnessSubmission {
  head: string
  /** The head the client believes the witness holds (size and base64 root). */
  previous?: { size: number; root: string }
  /** PROOF(previous.size, D[0:head.size]), RFC 9162 §2.1.4.1, base64 hashes. */
  consistency?: string[]
}

/** Checks the body's shape; every refusal is `invalid_request` with fixed detail. */
export function parseSubmission(body: unknown): WitnessSubmission {
  const value = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const { head, previous, consistency } = value
  if (typeof head !== 'string' || head.length > MAX_HEAD_LENGTH) {
    throw invalid('head must be a compact JWS checkpoint')
  }
  if (previous !== undefined && !isTreeHead(previous)) {
    throw invalid('previous must be { size, root } with a base64 SHA-256 root')
  }
  const proofOk =
    consistency === undefined ||
    (Array.isArray(consistency) &&
      consistency.length <= MAX_PROOF_LENGTH &&
      consistency.every(isHashBase64))
  if (!proofOk) throw invalid('consistency must be a list of base64 SHA-256 hashes')
  return { head, previous, consistency } as WitnessSubmission
}

/**
 * Decides what the witness holds for `node` after `submission`:
 * - the head must verify (EdDSA) with `logKey`, the key the directory publishes for the node
 *   (never a key the head brings along: no trust on first use);
 * - it must name `node`, and never go back: a smaller size is a rollback, the same size with
 *   another root a fork;
 * - a larger one must come with an RFC 9162 §2.1.4 consistency proof from the held head, across
 *   a rotation of the log key too.
 * A head held from before the witness checked keys against the directory, under a key the
 * directory does not publish, proves nothing and is set aside. Returns `held` itself when the
 * head is the one already held.
 */
export async function acceptHead(
  node: string,
  logKey: JWK,
  stored: WitnessRecord | undefined,
  submission: WitnessSubmission,
  receivedAt: string,
): Promise<WitnessRecord> {
  const head = await verifiedHead(submission.head, logKey)
  if (head.node !== node) throw invalid('the head names another node')
  const held =
    stored && (stored.registered || sameKey(stored.key, head.publicJwk)) ? stored : undefined
  if (held) {
    if (head.size < held.size) throw invalid('the head is older than the one held (rollback)')
    if (head.size === held.size) {
      if (head.root !== held.root) throw invalid('the head conflicts with the one held (fork)')
      return held
    }
    checkExtends(held, head, submission)
  }
  const { size, root, time, logId, jws } = head
  const key = head.publicJwk
  return { node, key, registered: true, logId, head: jws, size, root, time, receivedAt }
}

async function verifiedHead(jws: string, logKey: JWK) {
  try {
    return await verifyCheckpoint(jws, { publicJwk: logKey })
  } catch (error) {
    if (!(error instanceof CheckpointError)) throw error
    if (error.code === 'key') {
      const detail = 'heads must be signed with the log key the directory publishes for the node'
      throw new AuthorityError('wrong_log_key', { detail, cause: error })
    }
    throw invalid('the head is not a valid signed checkpoint', error)
  }
}

function sameKey(a: JWK, b: JWK): boolean {
  return a.kty === b.kty && a.crv === b.crv && a.x === b.x
}

/** The proof must start from exactly the head held, and show the new tree extends it. */
function checkExtends(
  held: WitnessRecord,
  head: SignedCheckpoint,
  submission: WitnessSubmission,
): void {
  const { previous, consistency } = submission
  if (previous?.size !== held.size || previous.root !== held.root) {
    throw invalid('previous must be the head the witness holds (see GET /witness/{node})')
  }
  const proof = (consistency ?? []).map((h) => Buffer.from(h, 'base64'))
  const oldRoot = Buffer.from(held.root, 'base64')
  if (!verifyConsistency(held.size, head.size, oldRoot, Buffer.from(head.root, 'base64'), proof)) {
    throw invalid('the consistency proof does not show the head extends the one held')
  }
}

function isTreeHead(value: unknown): value is { size: number; root: string } {
  const { size, root } = (value ?? {}) as Record<string, unknown>
  return Number.isSafeInteger(size) && (size as number) >= 0 && isHashBase64(root)
}

function invalid(detail: string, cause?: unknown): AuthorityError {
  return new AuthorityError('invalid_request', { detail, cause })
}
