// Registration requests: members, subsystems, gateway nodes, signing keys and catalogue services.
import { memberOf, subsystemOf } from '../../../identifiers/index.js'
import { AuthorityError } from '../authority-error.js'
import type { Change, OperationContext, OperationOf } from './operations.js'
import type {
  PublicLogJwk,
  Registration,
  RegistryState,
  SigningKeyRecord,
} from './registry-state.js'
import {
  contractUrlOf,
  digestOf,
  federationUrlOf,
  fingerprintOf,
  memberIdIn,
  nodeIdIn,
  serviceIdIn,
  subsystemIdIn,
  textOf,
  timestampOf,
} from './validate-input.js'
import { logKeyOf, publicJwkOf } from './validate-material.js'

/** A new registration: pending, unless the authority approves everything (the sandbox). */
export function registration(ctx: OperationContext): Registration {
  const at = new Date(ctx.now).toISOString()
  return ctx.autoApprove
    ? { status: 'approved', registeredAt: at, approvedAt: at }
    : { status: 'pending', registeredAt: at }
}

export function registerMember(
  state: RegistryState,
  op: OperationOf<'register-member'>,
  ctx: OperationContext,
): Change {
  const id = memberIdIn(state, op.id)
  if (state.members.some((m) => m.id === id)) throw already('a member with that id is registered')
  const record = { id, name: textOf(op.name), ...registration(ctx) }
  state.members.push(record)
  return { target: id, after: record }
}

export function registerSubsystem(
  state: RegistryState,
  op: OperationOf<'register-subsystem'>,
  ctx: OperationContext,
): Change {
  const id = subsystemIdIn(state, op.id)
  requireMember(state, memberOf(id))
  if (state.subsystems.some((s) => s.id === id)) throw already('the subsystem is registered')
  const record = {
    id,
    ...(op.name !== undefined && { name: textOf(op.name) }),
    ...registration(ctx),
  }
  state.subsystems.push(record)
  return { target: id, after: record }
}

export function registerNode(
  state: RegistryState,
  op: OperationOf<'register-node'>,
  ctx: OperationContext,
): Change {
  const id = nodeIdIn(state, op.id)
  requireMember(state, memberOf(id))
  const tlsFingerprint = fingerprintOf(op.tlsFingerprint)
  if (state.nodes.some((n) => n.id === id)) throw already('the node is registered')
  // One certificate identifies one node: a peer is recognised by its fingerprint (docs/design.md §2).
  if (state.nodes.some((n) => n.tlsFingerprint === tlsFingerprint)) {
    throw already('another node is registered with that certificate')
  }
  const federationUrl = federationUrlOf(op.federationUrl)
  const logKey = op.logKey === undefined ? undefined : uniqueLogKey(state, id, op.logKey)
  const record = {
    id,
    federationUrl,
    tlsFingerprint,
    ...(logKey !== undefined && { logKey }),
    ...registration(ctx),
  }
  state.nodes.push(record)
  return { target: id, after: record }
}

/**
 * A log key names one node's log: two nodes under one key could sign heads for each other, so a
 * key registered to another node is refused.
 */
export function uniqueLogKey(
  state: RegistryState,
  nodeId: string,
  jwk: Record<string, unknown>,
): PublicLogJwk {
  const logKey = logKeyOf(jwk)
  if (state.nodes.some((n) => n.id !== nodeId && n.logKey?.kid === logKey.kid)) {
    throw already('another node is registered with that log key')
  }
  return logKey
}

export function registerKey(
  state: RegistryState,
  op: OperationOf<'register-key'>,
  ctx: OperationContext,
): Change {
  const memberId = memberIdIn(state, op.memberId)
  requireMember(state, memberId)
  const record = signingKeyRecord(state, memberId, op.jwk, {
    notBefore:
      op.notBefore === undefined ? new Date(ctx.now).toISOString() : timestampOf(op.notBefore),
    notAfter: op.notAfter === undefined ? undefined : timestampOf(op.notAfter),
    registration: registration(ctx),
  })
  state.signingKeys.push(record)
  return { target: record.jwk.kid, after: { memberId, ...keySummary(record) } }
}

/** A key record for `memberId`; a kid may be registered once, federation-wide. */
export function signingKeyRecord(
  state: RegistryState,
  memberId: string,
  jwk: Record<string, unknown>,
  window: { notBefore: string; notAfter?: string | undefined; registration: Registration },
): SigningKeyRecord {
  const publicJwk = publicJwkOf(jwk)
  if (state.signingKeys.some((k) => k.jwk.kid === publicJwk.kid)) {
    throw already('a key with that kid is registered')
  }
  if (window.notAfter !== undefined && window.notAfter <= window.notBefore) {
    throw new AuthorityError('invalid_request', { detail: 'notAfter must be after notBefore' })
  }
  return {
    memberId,
    jwk: publicJwk,
    notBefore: window.notBefore,
    ...(window.notAfter !== undefined && { notAfter: window.notAfter }),
    ...window.registration,
  }
}

export function registerService(
  state: RegistryState,
  op: OperationOf<'register-service'>,
  ctx: OperationContext,
): Change {
  const id = serviceIdIn(state, op.id)
  if (!state.subsystems.some((s) => s.id === subsystemOf(id))) {
    throw new AuthorityError('unknown_item', { detail: 'register the subsystem first' })
  }
  if (state.services.some((s) => s.id === id)) throw already('the service is registered')
  const record = {
    id,
    title: textOf(op.title),
    ...(op.contractDigest !== undefined && { contractDigest: digestOf(op.contractDigest) }),
    ...(op.contractUrl !== undefined && { contractUrl: contractUrlOf(op.contractUrl) }),
    ...registration(ctx),
  }
  state.services.push(record)
  return { target: id, after: record }
}

/** The fields of a key worth recording in the change log (not the whole JWK). */
export function keySummary(key: SigningKeyRecord): Record<string, string> {
  return {
    kid: key.jwk.kid,
    notBefore: key.notBefore,
    ...(key.notAfter !== undefined && { notAfter: key.notAfter }),
    status: key.status,
  }
}

export function requireMember(state: RegistryState, memberId: string): void {
  if (!state.members.some((m) => m.id === memberId)) {
    throw new AuthorityError('unknown_item', { detail: 'register the member first' })
  }
}

export function already(detail: string): AuthorityError {
  return new AuthorityError('already_registered', { detail })
}
