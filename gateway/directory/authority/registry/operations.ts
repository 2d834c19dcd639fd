// The authority's admin operations: their names, inputs and the change each one records.

export type ItemKind = 'member' | 'subsystem' | 'node' | 'key' | 'service'
export const ITEM_KINDS: readonly ItemKind[] = ['member', 'subsystem', 'node', 'key', 'service']

export type Operation =
  | { op: 'register-member'; id: string; name: string }
  | { op: 'register-subsystem'; id: string; name?: string }
  | {
      op: 'register-node'
      id: string
      federationUrl: string
      tlsFingerprint: string
      logKey?: Record<string, unknown>
    }
  | {
      op: 'register-key'
      memberId: string
      jwk: Record<string, unknown>
      notBefore?: string
      notAfter?: string
    }
  | {
      op: 'register-service'
      id: string
      title: string
      contractDigest?: string
      contractUrl?: string
    }
  /** `id` is the item's identifier; for a key, its kid. */
  | { op: 'approve'; kind: ItemKind; id: string }
  /** Adds `jwk` valid from now; with `overlapSeconds`, the member's other keys end then. */
  | { op: 'rotate-key'; memberId: string; jwk: Record<string, unknown>; overlapSeconds?: number }
  | { op: 'revoke-key'; kid: string }
  /** Sets (or replaces) node `id`'s log key; heads under any other key are refused from then. */
  | { op: 'rotate-log-key'; id: string; logKey: Record<string, unknown> }
  | { op: 'revoke-cert'; fingerprint: string }
  | { op: 'add-ca'; pem: string }
  | { op: 'add-member-class'; code: string; description: string }
  | { op: 'add-global-group'; code: string; description: string }
  | { op: 'add-group-member'; group: string; subsystemId: string }
  | { op: 'remove-group-member'; group: string; subsystemId: string }

export type OperationName = Operation['op']

export type OperationOf<N extends OperationName> = Extract<Operation, { op: N }>

/** What an operation changed: the item's id, and its relevant fields before and after. */
export interface Change {
  target: string
  before?: unknown
  after?: unknown
}

/** Where and when an operation runs. */
export interface OperationContext {
  /** Milliseconds since the epoch. */
  now: number
  /** Registrations are approved at once (the sandbox). */
  autoApprove: boolean
}

type FieldType = 'string' | 'string?' | 'number?' | 'object' | 'object?'

/** Each operation's fields and their JSON types: an allow-list, unknown fields are refused. */
export const OPERATION_FIELDS: Record<OperationName, Record<string, FieldType>> = {
  'register-member': { id: 'string', name: 'string' },
  'register-subsystem': { id: 'string', name: 'string?' },
  'register-node': {
    id: 'string',
    federationUrl: 'string',
    tlsFingerprint: 'string',
    logKey: 'object?',
  },
  'register-key': { memberId: 'string', jwk: 'object', notBefore: 'string?', notAfter: 'string?' },
  'register-service': {
    id: 'string',
    title: 'string',
    contractDigest: 'string?',
    contractUrl: 'string?',
  },
  approve: { kind: 'string', id: 'string' },
  'rotate-key': { memberId: 'string', jwk: 'object', overlapSeconds: 'number?' },
  'revoke-key': { kid: 'string' },
  'rotate-log-key': { id: 'string', logKey: 'object' },
  'revoke-cert': { fingerprint: 'string' },
  'add-ca': { pem: 'string' },
  'add-member-class': { code: 'string', description: 'string' },
  'add-global-group': { code: 'string', description: 'string' },
  'add-group-member': { group: 'string', subsystemId: 'string' },
  'remove-group-member': { group: 'string', subsystemId: 'string' },
}

export const OPERATION_NAMES = Object.keys(OPERATION_FIELDS) as OperationName[]

export function isOperationName(value: string): value is OperationName {
  return Object.hasOwn(OPERATION_FIELDS, value)
}
