// A two-gateway federation on real sockets and real TLS for end-to-end tests.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JWK } from 'jose'
import type { Grant } from '#gateway/access/index.js'
import type { GatewayConfig, LimitsConfig } from '#gateway/config/index.js'
import type { GatewayOptions } from '#gateway/start-gateway-apps.js'
import type { GlobalGroupEntry } from '#gateway/directory/index.js'
import { startGateway, type RunningGateway } from '#gateway/server.js'
import { requestAccessToken } from '#gateway/tokens/index.js'
import { prepareFederation, type PreparedFederation } from '#sandbox/prepare-federation.js'
import { MEMBER_CLASSES, type FederationPlan } from '#sandbox/federation-plan.js'
import { startPopulationServer } from '#services/population/index.js'
import { startEchoService, writeEchoContract, type EchoRequest } from './echo-service.js'
import { freePorts } from './ports.js'
import { startTestDirectory, type TestDirectory } from './test-directory.js'

export const PROVIDER = 'KG/GOV/70000001'
export const BANK = 'KG/COM/10000001'
export const OPERATOR = 'KG/COM/10000002'
export const KYC_APP = `${BANK}/kyc-app`
export const MARKETING_APP = `${BANK}/marketing-app`
/** A citizen-facing portal of the operator (its gateway is not started by default). */
export const PORTAL = `${OPERATOR}/portal`
export const PERSONS = `${PROVIDER}/population/persons`
export const SLOW = `${PROVIDER}/population/slow`
export const DOWN = `${PROVIDER}/population/down`
export const ECHO = `${PROVIDER}/population/echo`
export const RETIRED = `${PROVIDER}/population/retired`
export const LIMITED = `${PROVIDER}/population/limited`
/** The population subsystem's data tracker, granted to the portal only. */
export const TRACKER = `${PROVIDER}/population/findUsage`
export const RETIRED_NOTICE = 'Replaced by the persons service since 2026-11-01'

export interface TestFederation {
  dir: string
  prepared: PreparedFederation
  /** The authority and mirror, when the federation runs with them. */
  directory?: TestDirectory
  provider: RunningGateway
  bank: RunningGateway
  registryUrl: string
  /** How many requests reached the echo registry. */
  echoRequests(): number
  /** The last request the echo registry received, headers included. */
  echoLastRequest(): EchoRequest | undefined
  node(nodeId: string): PreparedFederation['nodes'][number]
  token(subsystem: string): Promise<string>
  /** Starts another gateway from a variant of a prepared node's config (new ports). */
  startVariant(
    nodeId: string,
    change: (c: GatewayConfig) => GatewayConfig,
    options?: GatewayOptions,
  ): Promise<RunningGateway>
  close(): Promise<void>
}

/**
 * Starts the population registry, a slow backend, the provider gateway (population agency, node
 * gw1; gw2 is registered but left to the test) and the bank's gateway, all from a fresh PKI.
 */
export interface TestFederationOptions {
  providerOptions?: GatewayOptions
  /** Serve the directory from a real authority and mirror, with a short validity and poll. */
  directory?: { validitySeconds: number; pollSeconds: number; mirrorPollMs: number }
  /** Leave the provider's nodes to the test (e.g. to run them as processes it can kill). */
  noProvider?: boolean
  /** Grants on the population agency's services beside the standard ones. */
  providerGrants?: Grant[]
  /** Global groups published in the directory. */
  globalGroups?: GlobalGroupEntry[]
  /** Every gateway's data-tracker embargo settings (the key is always generated). */
  tracker?: { covertGroup?: string; embargoDays?: number }
  /** Limits of the provider's node gw1 beside its prepared ones (e.g. a small default budget). */
  providerLimits?: LimitsConfig
}

export function startTestFederation(options: TestFederationOptions = {}): Promise<TestFederation> {
  return retryOnPortClash(() => startOnce(options))
}

/**
 * Ports are picked free, then bound later: another test file may take one in between. Such a
 * clash is retried with fresh ports rather than failing the suite.
 */
async function retryOnPortClash<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start()
    } catch (e) {
      if ((e as { code?: string }).code !== 'EADDRINUSE' || i >= attempts) throw e
    }
  }
}

async function startOnce(options: TestFederationOptions): Promise<TestFederation> {
  const dir = await mkdtemp(join(tmpdir(), 'kopuro-e2e-'))
  const registry = await startPopulationServer({ port: 0 })
  const slow = await startSlowBackend()
  const echo = await startEchoService()
  const echoContract = await writeEchoContract(join(dir, 'echo-contract.json'))
  const [downPort, authorityPort, mirrorPort, ...p] = await freePorts(15)
  const plan = testPlan(
    { url: echo.url, contractFile: echoContract },
    registry.url,
    `http://127.0.0.1:${(slow.address() as { port: number }).port}`,
    downPort!,
    p,
  )
  const urls = {
    url: `http://127.0.0.1:${authorityPort}`,
    mirrorUrl: `http://127.0.0.1:${mirrorPort}`,
  }
  if (options.directory) plan.directoryValiditySeconds = options.directory.validitySeconds
  plan.members.find((m) => m.id === PROVIDER)!.grants.push(...(options.providerGrants ?? []))
  const prepared = await prepareFederation(dir, plan, {
    authority: options.directory ? urls : undefined,
    pollSeconds: options.directory?.pollSeconds,
    globalGroups: options.globalGroups,
    tracker: options.tracker,
  })
  const directory = options.directory
    ? await startTestDirectory(dir, prepared, urls, options.directory.mirrorPollMs)
    : undefined
  const node = (id: string) => prepared.nodes.find((n) => n.nodeId === id)!
  const provider = options.noProvider
    ? undefined
    : await startGateway(
        withLimits(node(`${PROVIDER}/gw1`).config, options.providerLimits),
        options.providerOptions,
      )
  const bank = await startGateway(node(`${BANK}/gw1`).config)
  const variants: RunningGateway[] = []
  return {
    dir,
    prepared,
    directory,
    provider: provider!,
    bank,
    registryUrl: registry.url,
    echoRequests: echo.requests,
    echoLastRequest: echo.lastRequest,
    node,
    async token(subsystem) {
      const client = prepared.clients.find((c) => c.subsystem === subsystem)!
      const privateJwk = JSON.parse(await readFile(client.privateKeyFile, 'utf8')) as JWK
      return (
        await requestAccessToken({ subsystem, privateJwk, tokenEndpoint: client.tokenEndpoint })
      ).access_token
    },
    startVariant: (nodeId, change, gatewayOptions) =>
      retryOnPortClash(async () => {
        const [consumerPort, federationPort, adminPort] = await freePorts(3)
        const base = node(nodeId).config
        const config = change({
          ...base,
          listen: {
            ...base.listen,
            consumerPort: consumerPort!,
            federationPort: federationPort!,
            adminPort: adminPort!,
          },
          // One writer per message log and directory cache: a variant keeps its own.
          audit: { dir: `${base.audit.dir}-variant-${consumerPort}` },
          directory: {
            ...base.directory,
            cacheFile: `${base.directory.cacheFile}-variant-${consumerPort}`,
          },
        })
        const running = await startGateway(config, gatewayOptions)
        variants.push(running)
        return running
      }),
    async close() {
      await Promise.all([provider?.close(), bank.close(), ...variants.map((v) => v.close())])
      await directory?.close()
      await registry.close()
      await echo.close()
      await new Promise((r) => slow.close(r))
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function testPlan(
  echo: { url: string; contractFile: string },
  registryUrl: string,
  slowUrl: string,
  downPort: number,
  p: number[],
): FederationPlan {
  const node = (code: string, i: number) => ({
    code,
    consumerPort: p[i]!,
    federationPort: p[i + 1]!,
    adminPort: p[i + 2]!,
  })
  return {
    instance: 'KG',
    memberClasses: MEMBER_CLASSES,
    directoryValiditySeconds: 3600,
    members: [
      {
        id: PROVIDER,
        name: 'Population Registry Agency',
        nodes: [node('gw1', 0), node('gw2', 3)],
        subsystems: [{ code: 'population' }],
        services: [
          {
            id: PERSONS,
            title: 'Persons',
            url: `${registryUrl}/persons`,
            maxBodyBytes: 64 * 1024,
            contract: 'population',
          },
          { id: SLOW, title: 'Slow', url: slowUrl, timeoutMs: 300 },
          { id: RETIRED, title: 'Retired', url: slowUrl, disabledNotice: RETIRED_NOTICE },
          {
            id: LIMITED,
            title: 'Limited',
            url: `${echo.url}/echo`,
            rateLimit: { requests: 3, windowSeconds: 60 },
          },
          { id: DOWN, title: 'Down', url: `http://127.0.0.1:${downPort}` },
          {
            id: ECHO,
            title: 'Echo',
            url: `${echo.url}/echo`,
            contractFile: echo.contractFile,
            validation: 'request+response',
            maxBodyBytes: 64 * 1024,
          },
        ],
        grants: [
          {
            subject: KYC_APP,
            service: PERSONS,
            endpoints: [
              { method: 'GET', path: '/*' },
              { method: 'POST', path: '/*' },
            ],
          },
          { subject: KYC_APP, service: SLOW },
          { subject: KYC_APP, service: DOWN },
          { subject: KYC_APP, service: ECHO },
          { subject: KYC_APP, service: RETIRED },
          { subject: KYC_APP, service: LIMITED },
          { subject: MARKETING_APP, service: LIMITED },
          // The portal authenticates the citizen (docs/protocol.md §4.2, Who may ask).
          { subject: PORTAL, service: TRACKER },
        ],
      },
      {
        id: BANK,
        name: 'Bank',
        nodes: [node('gw1', 6)],
        subsystems: [
          { code: 'kyc-app', client: true },
          { code: 'marketing-app', client: true },
        ],
        services: [],
        grants: [],
      },
      {
        id: OPERATOR,
        name: 'Operator',
        nodes: [node('gw1', 9)],
        subsystems: [{ code: 'portal', client: true }],
        services: [],
        grants: [],
      },
    ],
  }
}

function withLimits(config: GatewayConfig, limits: LimitsConfig | undefined): GatewayConfig {
  return limits ? { ...config, limits: { ...config.limits, ...limits } } : config
}

/** A backend that answers only after 2 s: longer than the SLOW service's timeout. */
function startSlowBackend(): Promise<Server> {
  const server = createServer((_req, res) => {
    const timer = setTimeout(() => res.end('late'), 2000)
    res.on('close', () => clearTimeout(timer))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}
