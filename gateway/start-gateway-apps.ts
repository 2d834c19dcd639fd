// Start one gateway node from its configuration, all but its listeners: keys, directory, store, log, apps.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { HttpBindings } from '@hono/node-server'
import type { Hono } from 'hono'
import type { OpenAPIObject } from 'openapi3-ts/oas31'
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose'
import { assertConfiguredGrants, createAccessPolicy } from './access/index.js'
import {
  ADMIN_CHANGES_FILE,
  applyAdminChange,
  createBackendAllowList,
  createAdminApp,
  createRoleTokenVerifier,
  grantTargets,
  openAdminChanges,
} from './admin/index.js'
import { createAuditLog, startWitnessPush, type AuditLog } from './audit/index.js'
import { DEFAULT_LIMITS, type GatewayConfig, type ServiceConfig } from './config/index.js'
import {
  createConsumerApp,
  createContractCache,
  createNodeSelector,
  createProviderConnections,
  type ProviderConnections,
} from './consumer/index.js'
import {
  startDirectoryClient,
  type DirectoryAnchor,
  type DirectoryClient,
} from './directory/index.js'
import { memberOf } from './identifiers/index.js'
import { createGatewayMetrics } from './monitoring/index.js'
import { systemClock, type Clock } from './lib/clock.js'
import { createLogger, type Logger } from './lib/logger.js'
import {
  createProviderApp,
  createSiblingQuery,
  publishService,
  publishServices,
  type PublishedService,
} from './provider/index.js'
import { importSigningKey } from './signing/index.js'
import { startStore, type Store } from './store/index.js'
import { createAccessTokenVerifier, createTokenIssuer } from './tokens/index.js'
import { openDataTracker, type DataTracker } from './tracker/index.js'

export interface GatewayOptions {
  now?: Clock
  logger?: Logger
  store?: Store
  /** Overrides the message log (tests inject failing logs here). */
  audit?: AuditLog
}

export interface Gateway {
  config: GatewayConfig
  consumerApp: Hono<{ Bindings: HttpBindings }>
  providerApp: Hono<{ Bindings: HttpBindings }>
  adminApp: Hono
  directory: DirectoryClient
  audit: AuditLog
  /** The citizens' data tracker: `tracker.listUsages(hash, { includeCovert: true })` for auditors. */
  tracker: DataTracker
  /** This node's certificate chain and key (PEM); the listener trusts the directory's CAs. */
  tls: { cert: string; key: string }
  close(): Promise<void>
}

/**
 * Starts a gateway node without listening: reads its keys and contracts, loads the directory and
 * polls it, opens the message log and the data tracker, starts the store and the witness push,
 * and builds the three apps; `close` stops all of it. `startGateway` (server.ts) adds the
 * listeners (docs/design.md §9: `start` for what runs timers or sockets).
 *
 * @example const gateway = await startGatewayApps(await loadGatewayConfig(file))
 */
export async function startGatewayApps(
  config: GatewayConfig,
  options: GatewayOptions = {},
): Promise<Gateway> {
  const now = options.now ?? systemClock
  const logger = options.logger ?? createLogger({ name: config.nodeId })
  const limits = { ...DEFAULT_LIMITS, ...config.limits }
  const anchor = JSON.parse(await readFile(config.directory.anchorFile, 'utf8')) as DirectoryAnchor
  const directory = await startDirectoryClient({
    anchor,
    cacheFile: config.directory.cacheFile,
    pollMs: (config.directory.pollSeconds ?? 60) * 1000,
    now,
    onSourceRefused: ({ source, reason }) =>
      logger.warn({ source, reason }, 'directory source refused'),
    onError: (e) => logger.warn({ err: describeError(e) }, 'directory copy not usable'),
  })
  const services = await publishServices(config.services, limits.maxBodyBytes)
  const hasSubsystem = (id: string) => directory.held().hasSubsystem(id)
  try {
    assertConfiguredGrants(
      config.grants,
      grantTargets({ services, hasSubsystem, nodeId: config.nodeId }),
    )
  } catch (e) {
    directory.close()
    await Promise.all([...services.values()].map((s) => s.backend.close()))
    throw e
  }
  const [cert, key] = await Promise.all([
    readFile(config.tls.certFile, 'utf8'),
    readFile(config.tls.keyFile, 'utf8'),
  ])
  const signingKey = importSigningKey(await readJson(config.signingKeyFile))
  const store = options.store ?? startStore(config.store, { now, logger })
  const log = options.audit ?? (await openAuditLog(config, now, logger))
  const metrics = createGatewayMetrics({
    nodeId: config.nodeId,
    audit: log,
    directory,
    certificatePem: cert,
    now,
  })
  const witness =
    config.audit.witness &&
    startWitnessPush({
      log,
      url: config.audit.witness.url,
      nodeId: config.nodeId,
      intervalMs: config.audit.witness.intervalMs ?? 10_000,
      onError: (e) => logger.warn({ err: describeError(e) }, 'witness refused or unreachable'),
    })
  const memberId = memberOf(config.nodeId)
  const tokenKeys = await loadTokenKeys(config.tokenKeyFile)
  const tokenAudience = `urn:kopuro:gateway:${memberId}`
  const tracker = await openDataTracker(config.tracker, {
    auditDir: config.audit.dir,
    directory: () => directory.held(),
    now,
  })
  const connections = createProviderConnections({
    directory,
    cert,
    key,
    timeoutMs: limits.providerTimeoutMs,
    now,
  })
  const consumerApp = createConsumerApp({
    nodeId: config.nodeId,
    directory,
    signingKey,
    audit: log,
    // Each exchange is counted once logged, with the outcome its caller got (gateway/exchange/).
    metrics,
    connections,
    selector: createNodeSelector({ connections, now }),
    tracker,
    contracts: createContractCache({ now }),
    maxBodyBytes: limits.maxBodyBytes,
    skewSeconds: limits.clockSkewSeconds,
    now,
    logger,
    revokeToken: (claims) =>
      store.revokeToken(claims.jti, Math.max(1000, claims.expiresAtMs - now())),
    verifyToken: createAccessTokenVerifier({
      store,
      key: tokenKeys.publicKey,
      issuer: tokenAudience,
      audience: tokenAudience,
      now,
    }),
    issueToken: await createTokenIssuer({
      key: tokenKeys.privateKey,
      issuer: tokenAudience,
      audience: tokenAudience,
      endpointUrl: tokenEndpointUrl(config),
      clients: await Promise.all(
        config.clients.map(async (c) => ({
          subsystem: c.subsystem,
          publicJwk: await readJson(c.publicKeyFile),
        })),
      ),
      store,
      now,
    }),
  })
  const policy = createAccessPolicy(config.grants)
  const publish = (service: ServiceConfig, contract: OpenAPIObject | undefined) => {
    services.set(service.id, publishService(service, limits.maxBodyBytes, contract))
  }
  // What admins changed at run time holds over the configuration, in the order it was made.
  const changes = await openAdminChanges(join(config.audit.dir, ADMIN_CHANGES_FILE))
  const backendAllowed = createBackendAllowList(
    config.publishBackends,
    config.services.map((s) => s.url),
  )
  for (const change of changes.past) {
    const refused = applyAdminChange(
      { policy, services, publish, hasSubsystem, nodeId: config.nodeId, backendAllowed },
      change,
    )
    if (refused)
      logger.warn({ refused, kind: change.kind }, 'a kept change fails its check: skipped')
  }
  const providerApp = createProviderApp({
    nodeId: config.nodeId,
    federationOrigin: federationOrigin(config),
    directory,
    signingKey,
    store,
    audit: log,
    // Each exchange is counted once logged, with the outcome its caller got (gateway/exchange/).
    metrics,
    tracker,
    services,
    isAllowed: (request) => policy.isAllowed(request),
    skewSeconds: limits.clockSkewSeconds,
    siblings: createSiblingQuery({
      nodeId: config.nodeId,
      directory,
      connections,
      signingKey,
      now,
      maxBodyBytes: limits.maxBodyBytes,
    }),
    rateLimit: limits.rateLimit,
    now,
    logger,
  })
  const adminKeys = await loadTokenKeys(config.adminKeyFile)
  const adminApp = createAdminApp({
    nodeId: config.nodeId,
    directory,
    store,
    audit: log,
    auditDir: config.audit.dir,
    metrics: metrics.registry,
    actions: {
      policy,
      services,
      hasSubsystem,
      log,
      publish,
      backendAllowed,
      changes,
    },
    verifyRole: await createRoleTokenVerifier(await exportJWK(adminKeys.publicKey), {
      memberId,
      now,
      store,
    }),
    now,
    logger,
  })
  let closing: Promise<void> | undefined
  return {
    config,
    consumerApp,
    providerApp,
    adminApp,
    directory,
    audit: log,
    tracker,
    tls: { cert, key },
    close: () =>
      (closing ??= (async () => {
        await closeAll(connections, services, store, log, directory)
        await changes.close()
        // The log signs a last checkpoint as it closes: hand it to the witness before stopping.
        await witness?.pushNow().catch(() => undefined)
        await witness?.stop()
      })()),
  }
}

/** The URL information systems name as the audience of their client assertions. */
export function tokenEndpointUrl(config: GatewayConfig): string {
  return `http://${config.listen.host ?? '127.0.0.1'}:${config.listen.consumerPort}/token`
}

export function federationOrigin(config: GatewayConfig): string {
  return new URL(
    config.federationUrl ??
      `https://${config.listen.host ?? '127.0.0.1'}:${config.listen.federationPort}`,
  ).origin
}

async function loadTokenKeys(
  file: string | undefined,
): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  if (file) {
    const privateJwk = await readJson(file)
    const { d: _d, ...publicJwk } = privateJwk
    return {
      privateKey: (await importJWK(privateJwk, 'ES256')) as CryptoKey,
      publicKey: (await importJWK(publicJwk, 'ES256')) as CryptoKey,
    }
  }
  // No configured key: tokens live only as long as this process, which is fine for one node.
  return generateKeyPair('ES256', { extractable: true })
}

/** The node's message log, signing checkpoints when it has a log key. */
async function openAuditLog(config: GatewayConfig, now: Clock, logger: Logger): Promise<AuditLog> {
  const { dir, logKeyFile, checkpointEvery, checkpointIntervalMs } = config.audit
  return createAuditLog({
    dir,
    now: () => new Date(now()),
    logKey: logKeyFile ? await readJson(logKeyFile) : undefined,
    checkpointEvery,
    checkpointIntervalMs,
    nodeId: config.nodeId,
    logger,
  })
}

function describeError(e: unknown): { message: string; cause?: string } {
  const error = e as Error
  return { message: error.message, cause: (error.cause as Error | undefined)?.message }
}

async function readJson(file: string): Promise<JWK & { kid: string }> {
  return JSON.parse(await readFile(file, 'utf8')) as JWK & { kid: string }
}

async function closeAll(
  connections: ProviderConnections,
  services: Map<string, PublishedService>,
  store: Store,
  audit: AuditLog,
  directory: DirectoryClient,
): Promise<void> {
  directory.close()
  await connections.close()
  await Promise.all([...services.values()].map((s) => s.backend.close()))
  await audit.close()
  await store.close()
}
