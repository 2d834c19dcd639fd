// Resolve the key a message claims to be signed with, as the directory publishes it (docs/design.md §2).
import { GatewayError } from '../lib/errors.js'
import type { ErrorCode } from '../lib/error-codes.js'
import type { SignatureAlgorithm, VerifyingKey } from '../signing/index.js'
import type { DirectoryView } from './directory-view.js'

/**
 * Returns the published key `kid` if it belongs to `memberId`, declares `alg`, was valid at
 * `created` and is not revoked as of `nowMs`. Anything else fails with `code`.
 */
export function lookupMemberKey(
  view: DirectoryView,
  memberId: string,
  request: { kid: string; alg: SignatureAlgorithm; createdSec: number; nowMs: number },
  code: ErrorCode,
): VerifyingKey {
  const published = view.publishedKey(request.kid)
  const fail = (reason: string) => new GatewayError(code, { cause: new Error(reason) })
  if (!published || published.memberId !== memberId) throw fail('key not published for member')
  if (published.key.alg !== request.alg) throw fail('algorithm differs from the published key')
  // `created` has whole seconds (RFC 9421 §2.3): compare at that granularity, or a key published
  // at 12:00:00.400 could not sign anything until 12:00:01.
  const createdMs = request.createdSec * 1000
  if (
    createdMs < Math.floor(published.notBeforeMs / 1000) * 1000 ||
    createdMs > published.notAfterMs
  ) {
    throw fail('key not valid at signing time')
  }
  const revokedAt = view.keyRevokedAt(request.kid)
  if (revokedAt !== undefined && revokedAt <= request.nowMs) throw fail('key revoked')
  return published.key
}
