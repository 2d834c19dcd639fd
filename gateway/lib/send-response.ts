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
  headers['content-length'] = String(body.byteLength)
  outgoing.writeHead(status, headers)
  outgoing.end(body)
  return RESPONSE_ALREADY_SENT
}
