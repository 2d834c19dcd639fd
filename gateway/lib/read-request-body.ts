// A client's request body at the gateway's own listeners (consumer, admin), read through the one
// bounded reader and refused with the gateway's own codes.
import { BodyTooLargeError, readWebText } from './read-body.js'
import { GatewayError } from './errors.js'

/** What `readRequestText` and friends accept: a web `Request` (in Hono, `c.req.raw`). */
export type RequestMessage = Parameters<typeof readWebText>[0]

/**
 * Reads a request body as text, never holding more than `limit` bytes whatever the headers say
 * (docs/design.md §2, bounded reads): an oversize body is `client.request_too_large` (413), a
 * body cut off mid-way `client.bad_request`.
 *
 * @example const text = await readRequestText(c.req.raw, 16 * 1024)
 */
export async function readRequestText(request: RequestMessage, limit: number): Promise<string> {
  try {
    return await readWebText(request, limit)
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      throw new GatewayError('client.request_too_large', { cause: e })
    throw new GatewayError('client.bad_request', { cause: e })
  }
}

/**
 * Reads a JSON request body within `limit` bytes: oversize is `client.request_too_large`, a body
 * that is not JSON `client.bad_request` with a fixed message (the body is never echoed).
 *
 * @example const input = await readRequestJson(c.req.raw, 1024 * 1024)
 */
export async function readRequestJson(request: RequestMessage, limit: number): Promise<unknown> {
  const text = await readRequestText(request, limit)
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    throw new GatewayError('client.bad_request', { message: 'The body must be JSON', cause: e })
  }
}

/**
 * Reads an `application/x-www-form-urlencoded` body within `limit` bytes (the token endpoint's
 * form, RFC 6749 §4.4.2); oversize is `client.request_too_large`.
 *
 * @example const form = await readRequestForm(c.req.raw, 16 * 1024)
 */
export async function readRequestForm(
  request: RequestMessage,
  limit: number,
): Promise<URLSearchParams> {
  return new URLSearchParams(await readRequestText(request, limit))
}
