// Pooled mutual-TLS connections to provider gateway nodes, trusting only the federation's anchors.
import { createHash } from 'node:crypto'
import type { ConnectionOptions, PeerCertificate } from 'node:tls'
import { Pool } from 'undici'
import type { DirectoryClient, DirectoryView, RegisteredNode } from '../directory/index.js'
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
  /** The TLS options every connection to `node` uses: for pools and for connection racing. */
  tlsOptions(node: RegisteredNode): ConnectionOptions
  /** The total time one exchange with a node may take: connect, headers and the whole body. */
  readonly timeoutMs: number
  close(): Promise<void>
}

/**
 * Keeps one undici pool per provider node. The TLS check never consults the system CA store:
 * the chain must end at a federation CA from the directory, and the server certificate's
 * fingerprint must be the one registered for exactly that node, unrevoked (docs/design.md §2).
 *
 * @example const pool = createProviderConnections(options).pool(node)
 */
export function createProviderConnections(
  options: ProviderConnectionsOptions,
): ProviderConnections {
  const pools = new Map<string, Pool>()
  const tlsOptions = (node: RegisteredNode): ConnectionOptions => ({
    ca: options.directory.held().document.federationCas,
    cert: options.cert,
    key: options.key,
    minVersion: 'TLSv1.3',
    rejectUnauthorized: true,
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      checkProviderCertificate(options, node, cert),
  })
  const create = (node: RegisteredNode): Pool =>
    new Pool(new URL(node.node.federationUrl).origin, {
      connections: options.connectionsPerNode ?? 64,
      keepAliveTimeout: 60_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { ...tlsOptions(node), timeout: Math.min(options.timeoutMs, 5_000) },
    })
  return {
    tlsOptions,
    timeoutMs: options.timeoutMs,
    pool(node) {
      const view = options.directory.held()
      // Keyed by everything the TLS check depends on, so a rotated certificate or a changed CA
      // list gets a fresh pool while unchanged nodes keep their warm connections.
      const key = `${node.nodeId}|${node.node.federationUrl}|${node.node.tlsFingerprint}|${caKey(view)}`
      let pool = pools.get(key)
      if (!pool) {
        for (const [k, old] of pools) {
          if (k.startsWith(`${node.nodeId}|`)) {
            pools.delete(k)
            void old.close()
          }
        }
        pool = create(node)
        pools.set(key, pool)
      }
      return pool
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close()))
      pools.clear()
    },
  }
}

const caKeys = new WeakMap<DirectoryView, string>()

function caKey(view: DirectoryView): string {
  let key = caKeys.get(view)
  if (key === undefined) {
    key = createHash('sha256').update(view.document.federationCas.join('\n')).digest('base64url')
    caKeys.set(view, key)
  }
  return key
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
