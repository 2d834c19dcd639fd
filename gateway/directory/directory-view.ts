// An indexed, read-only view of one verified directory document, built once per document.
import type { VerifyingKey } from '../signing/index.js'
import { importVerifyingKey } from '../signing/index.js'
import type {
  CatalogueEntry,
  DirectoryDocument,
  GatewayNodeEntry,
  MemberEntry,
  SigningKeyEntry,
} from './directory-document.js'

export interface PublishedKey {
  memberId: string
  entry: SigningKeyEntry
  /** Imported once, when the view is built: never re-imported per request. */
  key: VerifyingKey
  notBeforeMs: number
  notAfterMs: number
}

export interface RegisteredNode {
  memberId: string
  nodeId: string
  node: GatewayNodeEntry
}

/** Lookups a gateway needs on its hot path, in O(1). */
export interface DirectoryView {
  readonly document: DirectoryDocument
  /** The signed form the view was built from, when known (kept as the disk cache). */
  readonly jws?: string
  readonly serial: number
  readonly expiresAtMs: number
  member(id: string): MemberEntry | undefined
  hasSubsystem(subsystemId: string): boolean
  service(serviceId: string): CatalogueEntry | undefined
  publishedKey(kid: string): PublishedKey | undefined
  nodeByFingerprint(fingerprint: string): RegisteredNode | undefined
  nodesOf(memberId: string): RegisteredNode[]
  keyRevokedAt(kid: string): number | undefined
  certificateRevokedAt(fingerprint: string): number | undefined
}

/**
 * Indexes a verified document. Keys the anchor vouched for are imported here, once.
 *
 * @example const view = createDirectoryView(await verifyDirectory(jws, anchor))
 */
export function createDirectoryView(document: DirectoryDocument, jws?: string): DirectoryView {
  const members = new Map(document.members.map((m) => [m.id, m]))
  const subsystems = new Set(
    document.members.flatMap((m) => m.subsystems.map((s) => `${m.id}/${s.code}`)),
  )
  const services = new Map(document.services.map((s) => [s.id, s]))
  const keys = new Map<string, PublishedKey>()
  const byFingerprint = new Map<string, RegisteredNode>()
  const nodes = new Map<string, RegisteredNode[]>()
  for (const m of document.members) {
    for (const entry of m.signingKeys) keys.set(entry.jwk.kid, publishedKey(m.id, entry))
    const registered = m.nodes.map((node) => ({
      memberId: m.id,
      nodeId: `${m.id}/${node.code}`,
      node,
    }))
    for (const r of registered) byFingerprint.set(r.node.tlsFingerprint.toLowerCase(), r)
    nodes.set(m.id, registered)
  }
  const keyRevocations = new Map(
    document.revocations.keys.map((r) => [r.kid, Date.parse(r.revokedAt)]),
  )
  const certRevocations = new Map(
    document.revocations.certificates.map((r) => [
      r.fingerprint.toLowerCase(),
      Date.parse(r.revokedAt),
    ]),
  )
  return {
    document,
    jws,
    serial: document.serial,
    expiresAtMs: Date.parse(document.expiresAt),
    member: (id) => members.get(id),
    hasSubsystem: (id) => subsystems.has(id),
    service: (id) => services.get(id),
    publishedKey: (kid) => keys.get(kid),
    nodeByFingerprint: (fp) => byFingerprint.get(fp),
    nodesOf: (memberId) => nodes.get(memberId) ?? [],
    keyRevokedAt: (kid) => keyRevocations.get(kid),
    certificateRevokedAt: (fp) => certRevocations.get(fp),
  }
}

function publishedKey(memberId: string, entry: SigningKeyEntry): PublishedKey {
  return {
    memberId,
    entry,
    key: importVerifyingKey(entry.jwk),
    notBeforeMs: Date.parse(entry.notBefore),
    notAfterMs: entry.notAfter ? Date.parse(entry.notAfter) : Number.POSITIVE_INFINITY,
  }
}
