// Verifies a federation request's signature at the provider gateway (docs/design.md §2).
import { coverRequest, type RequestParts } from './message-components.js'
import { REQUEST_TAG } from './signature-headers.js'
import {
  verifyMessage,
  type VerifiedSignature,
  type VerifyOptions,
  type VerifyPolicy,
} from './verify-message.js'

const REQUEST_POLICY: VerifyPolicy = {
  tag: REQUEST_TAG,
  invalidCode: 'server.serverproxy.invalid_signature_value',
  staleCode: 'server.serverproxy.stale_request',
  extraHeaders: true,
}

/**
 * Verifies `Signature-Input` / `Signature` on a received request. Raises
 * `server.serverproxy.invalid_signature_value` for a malformed or bad signature and
 * `server.serverproxy.stale_request` outside the time window; `lookupKey`'s own errors pass
 * through. The caller then checks the body with `verifyContentDigest` and the nonce for replay.
 *
 * @example
 * const verified = verifyRequestSignature(
 *   { method: c.req.method, targetUri, header: (name) => c.req.header(name) },
 *   { now: Math.floor(Date.now() / 1000), skewSeconds: 30, lookupKey },
 * )
 */
export function verifyRequestSignature(
  req: RequestParts,
  options: VerifyOptions,
): VerifiedSignature {
  return verifyMessage(req.header, coverRequest(req), options, REQUEST_POLICY)
}
