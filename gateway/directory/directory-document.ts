// The federation directory document (X-Road's global configuration) and its trust anchor (docs/design.md §3).
import type { JWK } from 'jose'

export interface SigningKeyEntry {
  /** Public JWK with `kid` (RFC 7638 thumbprint) and `alg`. */
  jwk: JWK & { kid: string }
  notBefore: string
  notAfter?: string
}

export interface GatewayNodeEntry {
  /** Node code, unique within the member: `gw1`. */
  code: string
  /** Base URL of the node's federation listener: `https://127.0.0.1:8443`. */
  federationUrl: string
  /** Lowercase hex SHA-256 of the node's TLS certificate (DER). */
  tlsFingerprint: string
  /**
   * The node's log public key (Ed25519, `kid` = RFC 7638 thumbprint = the log ID of its
   * checkpoints); the witness and auditors trust the node's checkpoints under this key only.
   */
  logKey?: JWK & { kid: string }
}

export interface SubsystemEntry {
  code: string
  name?: string
}

export interface MemberEntry {
  /** `KG/GOV/70000001` */
  id: string
  name: string
  subsystems: SubsystemEntry[]
  signingKeys: SigningKeyEntry[]
  nodes: GatewayNodeEntry[]
}

export interface CatalogueEntry {
  /** `KG/GOV/70000001/population/persons` */
  id: string
  title: string
  /** Base64url SHA-256 of the emitted contract JSON. */
  contractDigest?: string
  contractUrl?: string
}

export interface GlobalGroupEntry {
  code: string
  description: string
  /** Subsystem ids. */
  members: string[]
}

export interface Revocations {
  keys: { kid: string; revokedAt: string }[]
  /** Certificates by fingerprint (lowercase hex SHA-256). */
  certificates: { fingerprint: string; revokedAt: string }[]
}

export interface DirectoryDocument {
  instance: string
  /** Monotonic: a gateway refuses any document with a lower serial than it holds. */
  serial: number
  issuedAt: string
  expiresAt: string
  memberClasses: { code: string; description: string }[]
  members: MemberEntry[]
  services: CatalogueEntry[]
  /** Federation CA certificates, PEM. The only trust anchors for federation TLS. */
  federationCas: string[]
  globalGroups: GlobalGroupEntry[]
  revocations: Revocations
}

/** What a gateway is configured with to trust a directory: keys and where to fetch it. */
export interface DirectoryAnchor {
  instance: string
  /** The federation authority's public keys (EdDSA JWKs). */
  keys: (JWK & { kid: string })[]
  /** Directory sources, the authority and its mirrors, in order of preference. */
  sources: string[]
}
