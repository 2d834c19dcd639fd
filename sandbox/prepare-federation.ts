// Turn a federation plan into files: PKI, a signed directory, its anchor, and one config per gateway node.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { calculateJwkThumbprint, type JWK } from 'jose'
import { initPki, resolvePkiPath, type PkiLayout, type PkiManifest } from '../certs/index.js'
import { contractUrl } from '../contracts/index.js'
import type { GatewayConfig } from '../gateway/config/index.js'
import { replacePrivateFile } from '../gateway/lib/durable-file.js'
import { makePrivateDir } from '../gateway/lib/private-files.js'
import {
  signDirectory,
  type DirectoryAnchor,
  type DirectoryDocument,
  type GlobalGroupEntry,
  type MemberEntry,
} from '../gateway/directory/index.js'
import { ensureTrackerKeyFile } from '../gateway/tracker/index.js'
import type { FederationPlan, PlanMember, PlanNode } from './federation-plan.js'
import {
  adminKeyFile,
  ensureTokenKeys,
  fileSafe,
  logKeyFile,
  tokenKeyFile,
  trackerKeyFile,
} from './federation-keys.js'
import { seedAuthority } from './seed-authority.js'

export interface PreparedNode {
  nodeId: string
  memberId: string
  configFile: string
  config: GatewayConfig
}

export interface PreparedClient {
  subsystem: string
  privateKeyFile: string
  /** The token endpoint of the client's own gateway (its member's first node). */
  tokenEndpoint: string
  consumerUrl: string
}

export interface PreparedFederation {
  dir: string
  manifest: PkiManifest
  directoryFile: string
  anchorFile: string
  nodes: PreparedNode[]
  clients: PreparedClient[]
}

/**
 * Generates (or reuses) the PKI under `dir/pki`, signs a fresh directory with a higher serial,
 * and writes every node's gateway config. Keys are never regenerated once they exist.
 *
 * @example const federation = await prepareFederation('.kopuro', SANDBOX_PLAN)
 */
export interface PrepareOptions {
  now?: Date
  onProgress?: (step: string) => void
  /**
   * Serve the directory from an authority and its mirror at these URLs (the sandbox); without it
   * the gateways read a signed file (tests).
   */
  authority?: { url: string; mirrorUrl: string }
  /** The gateways' directory poll interval, seconds (default 60). */
  pollSeconds?: number
  /** Shared state for every node (default: each node's memory store). */
  store?: GatewayConfig['store']
  /** Global groups to publish in the directory (e.g. the data tracker's covert group). */
  globalGroups?: GlobalGroupEntry[]
  /** Every node's covert-access embargo for the data tracker (docs/design.md §5). */
  tracker?: { covertGroup?: string; embargoDays?: number }
}

export async function prepareFederation(
  dir: string,
  plan: FederationPlan,
  options: PrepareOptions = {},
): Promise<PreparedFederation> {
  const now = options.now ?? new Date()
  // Owner-only throughout: keys, logs, role tokens and the registry all live under `dir`.
  await makePrivateDir(dir)
  const pkiDir = join(dir, 'pki')
  const manifest = await initPki(pkiDir, pkiLayout(plan), { onProgress: options.onProgress })
  const read = (rel: string) => readFile(resolvePkiPath(pkiDir, rel), 'utf8')
  // Log keys first: the directory publishes each node's, and the witness trusts no other.
  await ensureTokenKeys(dir, plan)
  const logKeys = await publicLogKeys(dir, plan)
  const document = await directoryDocument(plan, manifest, read, now, logKeys)
  document.globalGroups = options.globalGroups ?? []
  const directoryKey = JSON.parse(await read(manifest.directoryKey.privateJwkFile)) as JWK & {
    kid: string
  }
  const publicKey = JSON.parse(await read(manifest.directoryKey.publicJwkFile)) as JWK & {
    kid: string
  }
  await makePrivateDir(join(dir, 'directory'))
  const directoryFile = join(dir, 'directory', 'directory.jws')
  const anchorFile = join(dir, 'directory', 'anchor.json')
  await replacePrivateFile(directoryFile, await signDirectory(document, directoryKey))
  let sources = [directoryFile]
  if (options.authority) {
    await seedAuthority(dir, document, directoryKey, plan.directoryValiditySeconds)
    sources = [`${options.authority.url}/directory`, `${options.authority.mirrorUrl}/directory`]
  }
  const anchor: DirectoryAnchor = { instance: plan.instance, keys: [publicKey], sources }
  await replacePrivateFile(anchorFile, JSON.stringify(anchor, null, 2))
  for (const m of plan.members) await ensureTrackerKeyFile(trackerKeyFile(dir, m.id))
  const nodes = await writeGatewayConfigs(dir, plan, manifest, {
    directoryFile,
    anchorFile,
    pollSeconds: options.pollSeconds,
    tracker: options.tracker,
    witnessUrl: options.authority?.url,
    store: options.store,
  })
  return {
    dir,
    manifest,
    directoryFile,
    anchorFile,
    nodes,
    clients: clientsOf(plan, manifest, pkiDir),
  }
}

function pkiLayout(plan: FederationPlan): PkiLayout {
  return {
    instance: plan.instance,
    members: plan.members.map((m) => ({
      id: m.id,
      name: m.name,
      nodes: m.nodes.map((n) => ({ code: n.code })),
      clients: m.subsystems.filter((s) => s.client).map((s) => s.code),
    })),
  }
}

/** Each node's log public key by node id, `kid` its RFC 7638 thumbprint (the log ID). */
async function publicLogKeys(
  dir: string,
  plan: FederationPlan,
): Promise<Map<string, JWK & { kid: string }>> {
  const keys = new Map<string, JWK & { kid: string }>()
  for (const m of plan.members) {
    for (const n of m.nodes) {
      const id = `${m.id}/${n.code}`
      const { x } = JSON.parse(await readFile(logKeyFile(dir, id), 'utf8')) as JWK
      const publicJwk = { kty: 'OKP', crv: 'Ed25519', x }
      keys.set(id, { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk, 'sha256') })
    }
  }
  return keys
}

async function directoryDocument(
  plan: FederationPlan,
  manifest: PkiManifest,
  read: (rel: string) => Promise<string>,
  now: Date,
  logKeys: Map<string, JWK & { kid: string }>,
): Promise<DirectoryDocument> {
  const members: MemberEntry[] = []
  for (const m of plan.members) {
    const pki = manifest.members.find((e) => e.id === m.id)!
    members.push({
      id: m.id,
      name: m.name,
      subsystems: m.subsystems.map((s) => ({ code: s.code, name: s.name })),
      signingKeys: [
        {
          jwk: JSON.parse(await read(pki.signingKey.publicJwkFile)),
          notBefore: '2000-01-01T00:00:00Z',
        },
      ],
      nodes: m.nodes.map((n) => ({
        code: n.code,
        federationUrl: `https://${n.host ?? '127.0.0.1'}:${n.federationPort}`,
        tlsFingerprint: pki.nodes.find((e) => e.code === n.code)!.fingerprint256,
        logKey: logKeys.get(`${m.id}/${n.code}`),
      })),
    })
  }
  return {
    instance: plan.instance,
    serial: Math.floor(now.getTime() / 1000),
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + plan.directoryValiditySeconds * 1000).toISOString(),
    memberClasses: plan.memberClasses,
    members,
    services: plan.members.flatMap((m) => m.services.map((s) => ({ id: s.id, title: s.title }))),
    federationCas: [await read(manifest.ca.certFile)],
    globalGroups: [],
    revocations: { keys: [], certificates: [] },
  }
}

interface GatewayFiles {
  directoryFile: string
  anchorFile: string
  pollSeconds?: number
  tracker?: PrepareOptions['tracker']
  /** Where nodes push their signed log heads (the directory authority). */
  witnessUrl?: string
  store?: GatewayConfig['store']
}

async function writeGatewayConfigs(
  dir: string,
  plan: FederationPlan,
  manifest: PkiManifest,
  files: GatewayFiles,
): Promise<PreparedNode[]> {
  await makePrivateDir(join(dir, 'gateways'))
  const out: PreparedNode[] = []
  for (const member of plan.members) {
    for (const node of member.nodes) {
      const config = gatewayConfig(dir, member, node, manifest, files)
      const configFile = join(dir, 'gateways', `${fileSafe(config.nodeId)}.json`)
      await replacePrivateFile(configFile, JSON.stringify(config, null, 2))
      out.push({ nodeId: config.nodeId, memberId: member.id, configFile, config })
    }
  }
  return out
}

function gatewayConfig(
  dir: string,
  member: PlanMember,
  node: PlanNode,
  manifest: PkiManifest,
  files: GatewayFiles,
): GatewayConfig {
  const pkiDir = join(dir, 'pki')
  const pki = manifest.members.find((e) => e.id === member.id)!
  const tls = pki.nodes.find((n) => n.code === node.code)!
  const nodeId = `${member.id}/${node.code}`
  return {
    nodeId,
    listen: {
      host: node.host ?? '127.0.0.1',
      consumerPort: node.consumerPort,
      federationPort: node.federationPort,
      adminPort: node.adminPort,
    },
    tls: {
      certFile: resolvePkiPath(pkiDir, tls.chainFile),
      keyFile: resolvePkiPath(pkiDir, tls.keyFile),
    },
    signingKeyFile: resolvePkiPath(pkiDir, pki.signingKey.privateJwkFile),
    directory: {
      anchorFile: files.anchorFile,
      cacheFile: join(dir, 'directory-cache', `${fileSafe(nodeId)}.jws`),
      pollSeconds: files.pollSeconds,
    },
    clients: pki.clients.map((c) => ({
      subsystem: c.id,
      publicKeyFile: resolvePkiPath(pkiDir, c.publicJwkFile),
    })),
    services: member.services.map((s) => ({
      id: s.id,
      url: s.url,
      title: s.title,
      timeoutMs: s.timeoutMs,
      maxBodyBytes: s.maxBodyBytes,
      contract: s.contractFile ?? (s.contract && fileURLToPath(contractUrl(s.contract))),
      validation: s.validation,
      disabledNotice: s.disabledNotice,
      rateLimit: s.rateLimit,
    })),
    grants: member.grants,
    tokenKeyFile: tokenKeyFile(dir, member.id),
    adminKeyFile: adminKeyFile(dir, member.id),
    audit: {
      dir: join(dir, 'audit', fileSafe(nodeId)),
      logKeyFile: logKeyFile(dir, nodeId),
      witness: files.witnessUrl ? { url: files.witnessUrl } : undefined,
    },
    tracker: { keyFile: trackerKeyFile(dir, member.id), ...files.tracker },
    ...(files.store?.kind === 'redis'
      ? { store: { ...files.store, keyPrefix: `kopuro:${member.id}:` } }
      : {}),
  }
}

function clientsOf(plan: FederationPlan, manifest: PkiManifest, pkiDir: string): PreparedClient[] {
  return manifest.members.flatMap((m) => {
    const node = plan.members.find((p) => p.id === m.id)!.nodes[0]!
    const consumerUrl = `http://${node.host ?? '127.0.0.1'}:${node.consumerPort}`
    return m.clients.map((c) => ({
      subsystem: c.id,
      privateKeyFile: resolvePkiPath(pkiDir, c.privateJwkFile),
      tokenEndpoint: `${consumerUrl}/token`,
      consumerUrl,
    }))
  })
}

export { adminKeyFile, fileSafe, logKeyFile, tokenKeyFile, trackerKeyFile }
