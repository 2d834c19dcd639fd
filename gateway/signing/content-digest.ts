// RFC 9530 Content-Digest over the exact body bytes, restricted to the sha-256 algorithm.
import { createHash, timingSafeEqual } from 'node:crypto'
import { isInnerList, parseDictionaryMember, type SfMember } from './structured-fields.js'

const SHA256_LENGTH = 32

/**
 * The Content-Digest field value for a body (empty bodies included).
 *
 * @example contentDigest(Buffer.from('{"hello": "world"}'))
 * // 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:'
 */
export function contentDigest(body: Uint8Array): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`
}

/**
 * True only if the field is exactly one `sha-256` member (the allow-list; RFC 9530 §2 lets a
 * recipient choose which algorithms it accepts) whose digest equals the body's, compared in
 * constant time.
 */
export function verifyContentDigest(header: string | undefined, body: Uint8Array): boolean {
  if (header === undefined) return false
  let member: SfMember
  try {
    member = parseDictionaryMember(header)
  } catch {
    return false
  }
  if (member.key !== 'sha-256' || isInnerList(member.value)) return false
  const { value, params } = member.value
  if (!(value instanceof Uint8Array) || value.length !== SHA256_LENGTH || params.length > 0) {
    return false
  }
  return timingSafeEqual(value, createHash('sha256').update(body).digest())
}
