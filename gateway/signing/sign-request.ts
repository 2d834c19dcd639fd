// Signs a federation request (consumer gateway → provider gateway), docs/design.md §2.
import type { SigningKey } from './keys.js'
import { coverRequest, type RequestParts } from './message-components.js'
import { signMessage, type SignedMessage, type SignOptions } from './sign-message.js'
import { REQUEST_TAG } from './signature-headers.js'

/**
 * Signs `@method @target-uri content-digest [content-type] x-road-client x-road-id
 * x-road-request-id`, the optional X-Road headers present, then each header named in
 * `coveredHeaders`. Set Content-Digest (see `contentDigest`), X-Road-Client, X-Road-Id and
 * X-Road-Request-Id before signing; then send `signatureInput` / `signature` as `Signature-Input` /
 * `Signature`. A header value that is not ASCII raises `client.bad_request`.
 *
 * @example
 * headers.set('content-digest', contentDigest(body))
 * const signed = signRequest(
 *   { method: 'POST', targetUri, header: (name) => headers.get(name) ?? undefined },
 *   key,
 *   { now: Math.floor(Date.now() / 1000) },
 * )
 */
export function signRequest(
  req: RequestParts,
  key: SigningKey,
  options: SignOptions,
): SignedMessage {
  return signMessage(coverRequest(req), key, REQUEST_TAG, options, 'client.bad_request')
}
