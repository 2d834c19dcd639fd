// Request bodies at the authority (admin, witness, registration), read through the one bounded reader.
import type { Context, Env } from 'hono'
import { BodyTooLargeError, readWebText } from '../../../lib/read-body.js'
import { AuthorityError } from '../authority-error.js'

/**
 * Reads a JSON request body of at most `limit` bytes, whatever its headers say (docs/design.md
 * §2): another media type is `unsupported_media_type` (415) before anything is read, a body over
 * the limit, declared or streamed, `request_too_large` (413), one that is not JSON
 * `invalid_request` (400).
 *
 * @example const input = await readJsonBody(c, 64 * 1024)
 */
export async function readJsonBody<E extends Env>(c: Context<E>, limit: number): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new AuthorityError('unsupported_media_type')
  let text: string
  try {
    text = await readWebText(c.req.raw, limit)
  } catch (cause) {
    if (cause instanceof BodyTooLargeError) throw new AuthorityError('request_too_large', { cause })
    throw new AuthorityError('invalid_request', { detail: 'the body could not be read', cause })
  }
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new AuthorityError('invalid_request', { detail: 'the body is not JSON', cause })
  }
}

/**
 * Reads an `application/jose` body (a compact JWS, docs/protocol.md §5.6) of at most `limit`
 * bytes through the bounded reader: another media type is `unsupported_media_type` (415), a body
 * over the limit, declared or streamed, `request_too_large` (413).
 *
 * @example const jws = await readJoseBody(c, MAX_REGISTRATION_BYTES)
 */
export async function readJoseBody<E extends Env>(c: Context<E>, limit: number): Promise<string> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/jose\s*(;|$)/i.test(type)) {
    throw new AuthorityError('unsupported_media_type', {
      detail: 'the body must be application/jose',
    })
  }
  try {
    return await readWebText(c.req.raw, limit)
  } catch (cause) {
    if (cause instanceof BodyTooLargeError) throw new AuthorityError('request_too_large', { cause })
    throw new AuthorityError('invalid_request', { detail: 'the body could not be read', cause })
  }
}
