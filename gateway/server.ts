// Run a gateway node: three listeners, signal handling, and a log flush on shutdown.
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { SecureContextOptions } from 'node:tls'
import {
  checkListenerLimits,
  DEFAULT_LIMITS,
  DEFAULT_MAX_CONNECTIONS,
  type GatewayConfig,
} from './config/index.js'
import type { DirectoryView } from './directory/index.js'
import { startGatewayApps, type Gateway, type GatewayOptions } from './start-gateway-apps.js'
import { toNodeListener } from './lib/node-listener.js'

export interface RunningGateway {
  gateway: Gateway
  consumerUrl: string
  federationUrl: string
  adminUrl: string
  close(): Promise<void>
}

/**
 * How often Node sweeps a listener's connections for expired header and request timeouts. Its
 * default, 30 s, let a 10 s header timeout fire after up to 40 s; at 1 s a slow client is cut
 * within about a second of the limit (docs/configuration.md, Limits).
 */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1000

/**
 * Starts a gateway node's consumer (HTTP, for local information systems), federation (HTTPS
 * with mutual TLS 1.3) and admin listeners, with explicit header, body, idle and connection
 * limits instead of Node's defaults (slowloris, oversize-header and connection-flood guards).
 *
 * @example const running = await startGateway(await loadGatewayConfig(file))
 */
export async function startGateway(
  config: GatewayConfig,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  checkListenerLimits(config.limits)
  const gateway = await startGatewayApps(config, options)
  const limits = { ...DEFAULT_LIMITS, ...config.limits }
  const caps = { ...DEFAULT_MAX_CONNECTIONS, ...config.limits?.maxConnections }
  const common = {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    keepAliveTimeout: 65_000,
  }
  const host = config.listen.host ?? '127.0.0.1'
  const consumer = createHttpServer(common, toNodeListener(gateway.consumerApp.fetch))
  // The peer is authenticated in the handshake (docs/design.md §2): a client without a
  // certificate from a current federation CA gets a TLS alert and never reaches HTTP. Which
  // member the certificate belongs to is checked per request (gateway/provider/check-peer.ts).
  const federation = createHttpsServer(
    {
      ...common,
      ...federationContext(gateway, gateway.directory.held()),
      requestCert: true,
      rejectUnauthorized: true,
    },
    toNodeListener(gateway.providerApp.fetch),
  )
  // A new directory may add or retire federation CAs: new handshakes use the new trust at once.
  const unsubscribe = gateway.directory.subscribe((view) =>
    federation.setSecureContext(federationContext(gateway, view)),
  )
  const admin = createHttpServer(common, toNodeListener(gateway.adminApp.fetch))
  consumer.maxConnections = caps.consumer
  federation.maxConnections = caps.federation
  admin.maxConnections = caps.admin
  const servers = [consumer, federation, admin]
  const close = async () => {
    unsubscribe()
    await Promise.all(servers.map(closeServer))
    await gateway.close()
  }
  // All three listeners or none: a node half up (say, admin answering /ready while its
  // federation port belongs to another program) would report ready and take no traffic.
  const listening = await Promise.allSettled([
    listen(consumer, config.listen.consumerPort, host),
    listen(federation, config.listen.federationPort, host),
    listen(admin, config.listen.adminPort ?? 0, host),
  ])
  const failed = listening.find((r) => r.status === 'rejected')
  if (failed) {
    await close()
    throw failed.reason
  }
  let closing: Promise<void> | undefined
  return {
    gateway,
    consumerUrl: `http://${host}:${port(consumer)}`,
    federationUrl: `https://${host}:${port(federation)}`,
    adminUrl: `http://${host}:${port(admin)}`,
    close: () => (closing ??= close()),
  }
}

/** The federation listener's TLS material: this node's certificate and the directory's CAs only. */
function federationContext(gateway: Gateway, view: DirectoryView): SecureContextOptions {
  return {
    cert: gateway.tls.cert,
    key: gateway.tls.key,
    // Never the system store: an empty list trusts no one rather than every public CA.
    ca: view.document.federationCas,
    minVersion: 'TLSv1.3',
  }
}

function listen(server: Server, portNumber: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(portNumber, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function port(server: Server): number {
  return (server.address() as AddressInfo).port
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
    server.closeIdleConnections()
  })
}
