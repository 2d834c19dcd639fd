// The authority's registry: everything registered, pending or approved, and the publication serial.
import type { JWK } from 'jose'
import { isValidIdentifierPart } from '../../../identifiers/index.js'
import type { Revocations } from '../../directory-document.js'

export const REGISTRY_STATE_VERSION = 1
export const DEFAULT_VALIDITY_SECONDS = 3600

export type ApprovalStatus = 'pending' | 'approved'

/** What the authority keeps about any registration request. */
export interface Registration {
  status: ApprovalStatus
  registeredAt: string
  approvedAt?: string
}

export interface MemberRecord extends Registration {
  /** `KG/GOV/70000001` */
  id: string
  name: string
}

export interface SubsystemRecord extends Registration {
  /** `KG/GOV/70000001/population` */
  id: string
  name?: string
}

export interface NodeRecord extends Registration {
  /** `KG/GOV/70000001/gw1` */
  id: string
  federationUrl: string
  /** Lowercase hex SHA-256 of the node's TLS certificate (DER). */
  tlsFingerprint: string
  /** The node's log public key: the witness accepts the node's heads under this key only. */
  logKey?: PublicLogJwk
}

/** An Ed25519 public JWK reduced to its members; `kid` is its RFC 7638 thumbprint (the log ID). */
export type PublicLogJwk = { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string }

/** A public JWK reduced to the members kopuro publishes; `kid` is its RFC 7638 thumbprint. */
export type PublicSigningJwk = JWK & { kid: string; alg: 'ES256' | 'EdDSA'; use: 'sig' }

export interface SigningKeyRecord extends Registration {
  memberId: string
  jwk: PublicSigningJwk
  notBefore: string
  notAfter?: string
}

export interface ServiceRecord extends Registration {
  /** `KG/GOV/70000001/population/persons` */
  id: string
  title: string
  contractDigest?: string
  contractUrl?: string
}

export interface CaRecord {
  /** Lowercase hex SHA-256 of the certificate (DER). */
  fingerprint: string
  pem: string
  addedAt: string
}

export interface GlobalGroupRecord {
  code: string
  description: string
  /** Subsystem ids. */
  members: string[]
}

export interface RegistryState {
  version: typeof REGISTRY_STATE_VERSION
  instance: string
  /** How long each published document stays valid. */
  validitySeconds: number
  /** The serial of the last document signed and persisted; the next one is this + 1. */
  lastSerial: number
  memberClasses: { code: string; description: string }[]
  members: MemberRecord[]
  subsystems: SubsystemRecord[]
  nodes: NodeRecord[]
  signingKeys: SigningKeyRecord[]
  federationCas: CaRecord[]
  services: ServiceRecord[]
  globalGroups: GlobalGroupRecord[]
  revocations: Revocations
}

export interface RegistryInit {
  /** Federation (X-Road instance) code: `KG`. */
  instance: string
  memberClasses?: { code: string; description: string }[]
  validitySeconds?: number
  /**
   * The serial to continue from: the first published document has this + 1. A federation moving
   * from a static directory sets it to the serial its gateways hold (they refuse lower ones).
   */
  lastSerial?: number
}

const STATE_LISTS = [
  'memberClasses',
  'members',
  'subsystems',
  'nodes',
  'signingKeys',
  'federationCas',
  'services',
  'globalGroups',
] as const

/**
 * A fresh, empty registry. Throws a TypeError on a bad instance, class code or validity.
 *
 * @example const state = createRegistryState({ instance: 'KG', memberClasses: MEMBER_CLASSES })
 */
export function createRegistryState(init: RegistryInit): RegistryState {
  const state: RegistryState = {
    version: REGISTRY_STATE_VERSION,
    instance: init?.instance,
    validitySeconds: init?.validitySeconds ?? DEFAULT_VALIDITY_SECONDS,
    lastSerial: init?.lastSerial ?? 0,
    memberClasses: (init?.memberClasses ?? []).map((c) => ({ ...c })),
    members: [],
    subsystems: [],
    nodes: [],
    signingKeys: [],
    federationCas: [],
    services: [],
    globalGroups: [],
    revocations: { keys: [], certificates: [] },
  }
  return checkRegistryState(state, 'createRegistryState')
}

/**
 * Checks the shape of a registry read from the state file (local configuration, so a fault is a
 * TypeError naming `where`, not a request error).
 */
export function checkRegistryState(value: unknown, where: string): RegistryState {
  const state = value as RegistryState
  const fail = (what: string) => new TypeError(`${where}: ${what}`)
  if (typeof state !== 'object' || state === null) throw fail('the registry is not an object')
  if (state.version !== REGISTRY_STATE_VERSION) throw fail('unsupported registry version')
  if (!isValidIdentifierPart(state.instance)) throw fail('instance must be an identifier part')
  if (!Number.isSafeInteger(state.validitySeconds) || state.validitySeconds < 1) {
    throw fail('validitySeconds must be a positive integer')
  }
  if (!Number.isSafeInteger(state.lastSerial) || state.lastSerial < 0) {
    throw fail('lastSerial must be a non-negative integer')
  }
  for (const list of STATE_LISTS) if (!Array.isArray(state[list])) throw fail(`${list} missing`)
  if (!state.memberClasses.every((c) => isValidIdentifierPart(c?.code))) {
    throw fail('member class codes must be identifier parts')
  }
  const { revocations } = state
  if (!Array.isArray(revocations?.keys) || !Array.isArray(revocations.certificates)) {
    throw fail('revocations missing')
  }
  return state
}
