// Signs a federation response (provider gateway → consumer gateway), bound to its request.
import type { SigningKey } from './keys.js'
import { coverResponse, type ResponseParts } from './message-components.js'
import { signMessage, type SignedMessage, type SignOptions } from './sign-message.js'
import { RESPONSE_TAG } from './signature-headers.js'

/**
 * Signs `@status content-digest [content-type] x-road-id x-road-request-hash "signature";req`.
 * Set Content-Digest, X-Road-Id and X-Road-Request-Hash (see `requestHash`) first. A header
 * value that is not ASCII (e.g. a backend's Content-Type) raises
 * `server.serverproxy.service_failed`.
 *
 * @example
 * const signed = signResponse(
 *   { status: 200, header: (name) => headers.get(name) ?? undefined, requestSignature },
 *   key,
 *   { now: Math.floor(Date.now() / 1000) },
 * )
 */
export function signResponse(
  res: ResponseParts,
  key: SigningKey,
  options: SignOptions,
): SignedMessage {
  const code = 'server.serverproxy.service_failed'
  return signMessage(coverResponse(res), key, RESPONSE_TAG, options, code)
}
