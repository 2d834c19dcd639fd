// Run a gateway node: three listeners, signal handling, and a log flush on shutdown.
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { DEFAULT_LIMITS, type GatewayConfig } from './config/index.js'
import { createGateway, type Gateway, type GatewayOptions } from './create-gateway.js'

export interface RunningGateway {
  gateway: Gateway
  consumerUrl: string
  federationUrl: string
  adminUrl: string
  close(): Promise<void>
}

/**
 * Starts a gateway node's consumer (HTTP, for local information systems), federation (HTTPS
 * with mutual TLS 1.3) and admin listeners, with explicit header, body and idle limits instead
 * of Node's defaults (slowloris and oversize-header guards).
 *
 * @example const running = await startGateway(await loadGatewayConfig(file))
 */
export async function startGateway(
  config: GatewayConfig,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const gateway = await createGateway(config, options)
  const limits = { ...DEFAULT_LIMITS, ...config.limits }
  const common = {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: 65_000,
  }
  const host = config.listen.host ?? '127.0.0.1'
  const consumer = createHttpServer(common, getRequestListener(gateway.consumerApp.fetch))
  const federation = createHttpsServer(
    {
      ...common,
      cert: gateway.tls.cert,
      key: gateway.tls.key,
      ca: gateway.tls.federationCas,
      requestCert: true,
      // The handshake asks for a certificate; the app refuses unauthenticated peers with an X-Road error.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.3',
    },
    getRequestListener(gateway.providerApp.fetch),
  )
  // A new directory may add or retire federation CAs: new handshakes use the new trust at once.
  const unsubscribe = gateway.directory.subscribe((view) =>
    federation.setSecureContext({
      cert: gateway.tls.cert,
      key: gateway.tls.key,
      ca: view.document.federationCas,
      minVersion: 'TLSv1.3',
    }),
  )
  const admin = createHttpServer(common, getRequestListener(gateway.adminApp.fetch))
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
