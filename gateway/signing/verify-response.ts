// Verifies a federation response's signature at the consumer gateway (docs/design.md §2).
import { coverResponse, type ResponseParts } from './message-components.js'
import { RESPONSE_TAG } from './signature-headers.js'
import {
  verifyMessage,
  type VerifiedSignature,
  type VerifyOptions,
  type VerifyPolicy,
} from './verify-message.js'

const RESPONSE_POLICY: VerifyPolicy = {
  tag: RESPONSE_TAG,
  invalidCode: 'server.clientproxy.invalid_signature_value',
  staleCode: 'server.clientproxy.invalid_signature_value',
}

/**
 * Verifies a provider's response signature, including that it covers `requestSignature` (the
 * `Signature` this gateway sent). Every failure raises `server.clientproxy.invalid_signature_value`;
 * `lookupKey`'s own errors pass through. The caller then checks the digest and request hash.
 *
 * @example
 * verifyResponseSignature(
 *   { status: res.statusCode, header: (name) => get(res.headers, name), requestSignature },
 *   { now: Math.floor(Date.now() / 1000), skewSeconds: 30, lookupKey },
 * )
 */
export function verifyResponseSignature(
  res: ResponseParts,
  options: VerifyOptions,
): VerifiedSignature {
  return verifyMessage(res.header, coverResponse(res), options, RESPONSE_POLICY)
}
