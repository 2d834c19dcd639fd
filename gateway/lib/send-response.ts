// Write a response straight to node:http, skipping the web Response round trip on the hot path.
import type { ServerResponse } from 'node:http'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'

/**
 * Sends status, headers and a whole body on the node response and tells @hono/node-server it was
 * sent. Building a web `Response` only for the adapter to unpack it again costs a measurable
 * share of a gateway's CPU per request.
 */
export function sendResponse(
  outgoing: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Uint8Array,
): Response {
  if (outgoing.req?.method === 'HEAD') return headResponse(status, headers)
  headers['content-length'] = String(body.byteLength)
  outgoing.writeHead(status, headers)
  outgoing.end(body)
  return RESPONSE_ALREADY_SENT
}

/**
 * RFC 9110 §9.3.2: the answer to HEAD is headers only. Hono answers HEAD by running the GET route
 * and wrapping its result in a body-less Response, so the result must be a real Response (one
 * already written would be written twice). No Content-Length: it would have to be the length a
 * GET would have had (RFC 9110 §8.6), which the gateway does not know.
 */
function headResponse(status: number, headers: Record<string, string>): Response {
  delete headers['content-length']
  return new Response(null, { status, headers })
}
