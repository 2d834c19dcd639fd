// One HTTP request as the gateway's stages read it: plain values taken from node:http at the edge.
import type { IncomingMessage } from 'node:http'
import { TLSSocket } from 'node:tls'

/** The TLS connection a request came on, as the peer check reads it (docs/design.md §2). */
export type PeerConnection = Pick<
  TLSSocket,
  'authorized' | 'authorizationError' | 'getPeerCertificate'
>

/**
 * What the consumer and provider stages need of a request, and nothing of the socket or the
 * framework: the listener makes one per request with `inboundRequestOf`, a test writes one as a
 * literal (docs/design.md §9, Seams).
 */
export interface InboundRequest {
  /** The method as the HTTP parser gave it. */
  method: string
  /** The request target as received: path and query, not decoded. */
  url: string
  /** Lower-case names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>
  /** The body, not yet read: every stage reads it through the bounded reader (docs/design.md §2). */
  body: AsyncIterable<Uint8Array>
  /** The TLS connection, on the federation listener; undefined on a plain one. */
  peer?: PeerConnection
}

/**
 * The plain request of a node `IncomingMessage`. Nothing is read or copied: the headers are the
 * message's own record and the body its stream.
 *
 * @example const request = inboundRequestOf(c.env.incoming)
 */
export function inboundRequestOf(incoming: IncomingMessage): InboundRequest {
  return {
    method: incoming.method ?? 'GET',
    url: incoming.url ?? '',
    headers: incoming.headers,
    body: incoming,
    peer: incoming.socket instanceof TLSSocket ? incoming.socket : undefined,
  }
}
