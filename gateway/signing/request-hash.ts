// X-Road-Request-Hash: the digest that ties a response to the request exactly as it was signed.
import { createHash } from 'node:crypto'

/**
 * Base64 SHA-512 of the request's signature base (UTF-8), as set in `X-Road-Request-Hash`
 * (docs/design.md §2, X-Road REST protocol).
 *
 * @example res.headers.set('x-road-request-hash', requestHash(verified.signatureBase))
 */
export function requestHash(signatureBase: string): string {
  return createHash('sha512').update(signatureBase, 'utf8').digest('base64')
}
