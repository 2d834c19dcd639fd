// Authenticate the calling gateway by its TLS certificate (docs/design.md §2: federation CA + registered fingerprint).
import type { TLSSocket } from 'node:tls'
import type { DirectoryView, RegisteredNode } from '../directory/index.js'
import { GatewayError } from '../lib/errors.js'

/** Peer fingerprints are computed once per connection, not per request. */
const fingerprints = new WeakMap<TLSSocket, string>()

/**
 * Accepts the peer only if its certificate chained to a federation CA during the handshake and
 * its SHA-256 fingerprint is registered for a node of `clientMember`, unrevoked as of `nowMs`.
 * The registration is looked up on every request, so a revocation reaches kept-alive connections.
 */
export function checkPeer(
  socket: TLSSocket,
  view: DirectoryView,
  clientMember: string,
  nowMs: number,
): RegisteredNode {
  const fail = (reason: string) =>
    new GatewayError('server.serverproxy.ssl_authentication_failed', { cause: new Error(reason) })
  if (!socket.authorized)
    throw fail(`certificate not issued by a federation CA: ${socket.authorizationError}`)
  const fingerprint = peerFingerprint(socket)
  if (!fingerprint) throw fail('no peer certificate')
  const node = view.nodeByFingerprint(fingerprint)
  if (!node) throw fail('certificate not registered for any gateway node')
  if (node.memberId !== clientMember) throw fail('certificate registered to another member')
  const revokedAt = view.certificateRevokedAt(fingerprint)
  if (revokedAt !== undefined && revokedAt <= nowMs) throw fail('certificate revoked')
  return node
}

function peerFingerprint(socket: TLSSocket): string | undefined {
  let fingerprint = fingerprints.get(socket)
  if (fingerprint === undefined) {
    const cert = socket.getPeerCertificate()
    if (!cert || !cert.fingerprint256) return undefined
    fingerprint = cert.fingerprint256.replaceAll(':', '').toLowerCase()
    fingerprints.set(socket, fingerprint)
  }
  return fingerprint
}
