// Authenticate the calling gateway by its TLS certificate (docs/design.md §2: federation CA + registered fingerprint).
import { X509Certificate } from 'node:crypto'
import type { DetailedPeerCertificate } from 'node:tls'
import type { DirectoryView, RegisteredNode } from '../directory/index.js'
import type { PeerConnection } from '../exchange/index.js'
import { GatewayError } from '../lib/errors.js'

/** Peer fingerprints are computed once per connection, not per request. */
const fingerprints = new WeakMap<PeerConnection, string>()
/** Whether a connection's chain ends at a CA of a view: checked once per connection and view. */
const issuedByCurrentCa = new WeakMap<PeerConnection, { view: DirectoryView; ok: boolean }>()
const parsedCas = new WeakMap<DirectoryView, X509Certificate[]>()

/**
 * Accepts the peer only if its certificate chained to a federation CA during the handshake, that
 * CA is still one `view` lists, and its SHA-256 fingerprint is registered for a node of
 * `clientMember`, unrevoked as of `nowMs`. The handshake refuses other CAs for new connections
 * (gateway/server.ts); rechecking against `view` on every request makes a removed CA or a
 * revocation reach kept-alive connections too. A request that came on no TLS connection
 * (`socket` undefined) has no certificate to accept.
 */
export function checkPeer(
  socket: PeerConnection | undefined,
  view: DirectoryView,
  clientMember: string,
  nowMs: number,
): RegisteredNode {
  const fail = (reason: string) =>
    new GatewayError('server.serverproxy.ssl_authentication_failed', { cause: new Error(reason) })
  if (!socket?.authorized)
    throw fail(`certificate not issued by a federation CA: ${socket?.authorizationError}`)
  if (!chainsToCurrentCa(socket, view))
    throw fail('certificate not issued by a CA of the current directory')
  const fingerprint = peerFingerprint(socket)
  if (!fingerprint) throw fail('no peer certificate')
  const node = view.nodeByFingerprint(fingerprint)
  if (!node) throw fail('certificate not registered for any gateway node')
  if (node.memberId !== clientMember) throw fail('certificate registered to another member')
  const revokedAt = view.certificateRevokedAt(fingerprint)
  if (revokedAt !== undefined && revokedAt <= nowMs) throw fail('certificate revoked')
  return node
}

function peerFingerprint(socket: PeerConnection): string | undefined {
  let fingerprint = fingerprints.get(socket)
  if (fingerprint === undefined) {
    const cert = socket.getPeerCertificate()
    if (!cert || !cert.fingerprint256) return undefined
    fingerprint = cert.fingerprint256.replaceAll(':', '').toLowerCase()
    fingerprints.set(socket, fingerprint)
  }
  return fingerprint
}

function chainsToCurrentCa(socket: PeerConnection, view: DirectoryView): boolean {
  const known = issuedByCurrentCa.get(socket)
  if (known?.view === view) return known.ok
  const cas = currentCas(view)
  const ok = presentedChain(socket).some((cert) =>
    cas.some(
      (ca) =>
        cert.fingerprint256 === ca.fingerprint256 ||
        (cert.checkIssued(ca) && cert.verify(ca.publicKey)),
    ),
  )
  issuedByCurrentCa.set(socket, { view, ok })
  return ok
}

function currentCas(view: DirectoryView): X509Certificate[] {
  let cas = parsedCas.get(view)
  if (!cas) {
    cas = view.document.federationCas.flatMap((pem) => {
      // One the handshake could not use cannot anchor a chain here either.
      try {
        return [new X509Certificate(pem)]
      } catch {
        return []
      }
    })
    parsedCas.set(view, cas)
  }
  return cas
}

/** The peer's certificate and the issuers the handshake found for it, leaf first. */
function presentedChain(socket: PeerConnection): X509Certificate[] {
  const chain: X509Certificate[] = []
  const seen = new Set<DetailedPeerCertificate>()
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true)
  while (cert?.raw && !seen.has(cert)) {
    seen.add(cert)
    chain.push(new X509Certificate(cert.raw))
    cert = cert.issuerCertificate
  }
  return chain
}
