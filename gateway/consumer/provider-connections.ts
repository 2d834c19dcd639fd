// Pooled mutual-TLS connections to provider gateway nodes, trusting only the federation's anchors.
import type { PeerCertificate } from 'node:tls'
import { Pool } from 'undici'
import type { DirectoryClient, RegisteredNode } from '../directory/index.js'
import type { Clock } from '../lib/clock.js'

export interface ProviderConnectionsOptions {
  directory: DirectoryClient
  /** This node's TLS certificate chain and key, PEM: the client certificate for mutual TLS. */
  cert: string
  key: string
  timeoutMs: number
  now: Clock
  connectionsPerNode?: number
}

export interface ProviderConnections {
  /** The pool for a node, created on first use and kept while the node's registration holds. */
  pool(node: RegisteredNode): Pool
  close(): Promise<void>
}

/**
 * Keeps one undici pool per provider node. The TLS check never consults the system CA store:
 * the chain must end at a federation CA from the directory, and the server certificate's
 * fingerprint must be the one registered for exactly that node, unrevoked (DESIGN §2).
 *
 * @example const pool = createProviderConnections(options).pool(node)
 */
export function createProviderConnections(
  options: ProviderConnectionsOptions,
): ProviderConnections {
  const pools = new Map<string, { pool: Pool; serial: number }>()
  const create = (node: RegisteredNode): Pool => {
    const view = options.directory.held()
    return new Pool(new URL(node.node.federationUrl).origin, {
      connections: options.connectionsPerNode ?? 64,
      keepAliveTimeout: 60_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: {
        ca: view.document.federationCas,
        cert: options.cert,
        key: options.key,
        minVersion: 'TLSv1.3',
        rejectUnauthorized: true,
        timeout: Math.min(options.timeoutMs, 5_000),
        checkServerIdentity: (_host: string, cert: PeerCertificate) =>
          checkProviderCertificate(options, node, cert),
      },
    })
  }
  return {
    pool(node) {
      const serial = options.directory.held().serial
      const entry = pools.get(node.nodeId)
      if (entry && entry.serial === serial) return entry.pool
      // A new directory may change CAs or fingerprints: new connections use the new trust.
      if (entry) void entry.pool.close()
      const pool = create(node)
      pools.set(node.nodeId, { pool, serial })
      return pool
    },
    async close() {
      await Promise.all([...pools.values()].map((e) => e.pool.close()))
      pools.clear()
    },
  }
}

/** Pins the provider node's certificate by its registered fingerprint instead of its hostname. */
function checkProviderCertificate(
  options: ProviderConnectionsOptions,
  node: RegisteredNode,
  cert: PeerCertificate,
): Error | undefined {
  const fingerprint = cert.fingerprint256?.replaceAll(':', '').toLowerCase()
  if (fingerprint !== node.node.tlsFingerprint.toLowerCase()) {
    return peerError('provider certificate is not the one registered for this node')
  }
  const revokedAt = options.directory.held().certificateRevokedAt(fingerprint)
  if (revokedAt !== undefined && revokedAt <= options.now()) {
    return peerError('provider certificate revoked')
  }
  return undefined
}

function peerError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_KOPURO_PEER_NOT_REGISTERED' })
}
