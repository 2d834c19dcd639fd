// Approval, key rotation and revocation: the authority's decisions about registered items.
import { AuthorityError } from '../authority-error.js'
import {
  ITEM_KINDS,
  type Change,
  type ItemKind,
  type OperationContext,
  type OperationOf,
} from './operations.js'
import type { Registration, RegistryState } from './registry-state.js'
import {
  already,
  keySummary,
  registration,
  requireMember,
  signingKeyRecord,
  uniqueLogKey,
} from './register-operations.js'
import { fingerprintOf, memberIdIn, nodeIdIn } from './validate-input.js'

/** A key's overlap may not outlast a year: rotation is meant to retire the old key. */
const MAX_OVERLAP_SECONDS = 366 * 86_400

export function approve(
  state: RegistryState,
  op: OperationOf<'approve'>,
  ctx: OperationContext,
): Change {
  if (!ITEM_KINDS.includes(op.kind)) {
    throw new AuthorityError('invalid_request', { detail: `kind must be ${ITEM_KINDS.join(', ')}` })
  }
  const item = findItem(state, op.kind, op.id)
  if (!item) throw new AuthorityError('unknown_item', { detail: `no ${op.kind} with that id` })
  if (item.status === 'approved') throw new AuthorityError('already_approved')
  item.status = 'approved'
  item.approvedAt = new Date(ctx.now).toISOString()
  return {
    target: op.id,
    before: { kind: op.kind, status: 'pending' },
    after: { kind: op.kind, status: 'approved' },
  }
}

function findItem(state: RegistryState, kind: ItemKind, id: string): Registration | undefined {
  if (kind === 'member') return state.members.find((m) => m.id === id)
  if (kind === 'subsystem') return state.subsystems.find((s) => s.id === id)
  if (kind === 'node') return state.nodes.find((n) => n.id === id)
  if (kind === 'service') return state.services.find((s) => s.id === id)
  return state.signingKeys.find((k) => k.jwk.kid === id)
}

/**
 * Adds the member's new key, valid from now and approved (rotation is the authority's own act).
 * With `overlapSeconds`, the member's other unrevoked keys stop being valid that much later, so
 * messages signed just before the switch still verify while gateways pick up the new directory.
 */
export function rotateKey(
  state: RegistryState,
  op: OperationOf<'rotate-key'>,
  ctx: OperationContext,
): Change {
  const memberId = memberIdIn(state, op.memberId)
  requireMember(state, memberId)
  const overlap = op.overlapSeconds
  if (
    overlap !== undefined &&
    (!Number.isSafeInteger(overlap) || overlap < 0 || overlap > MAX_OVERLAP_SECONDS)
  ) {
    throw new AuthorityError('invalid_request', { detail: 'overlapSeconds must be 0 to 31622400' })
  }
  const own = state.signingKeys.filter((k) => k.memberId === memberId)
  const before = own.map(keySummary)
  const now = new Date(ctx.now).toISOString()
  const added = signingKeyRecord(state, memberId, op.jwk, {
    notBefore: now,
    registration: registration({ ...ctx, autoApprove: true }),
  })
  if (overlap !== undefined) {
    const end = new Date(ctx.now + overlap * 1000).toISOString()
    const revoked = new Set(state.revocations.keys.map((r) => r.kid))
    for (const key of own) {
      if (revoked.has(key.jwk.kid) || (key.notAfter !== undefined && key.notAfter <= end)) continue
      key.notAfter = end
    }
  }
  state.signingKeys.push(added)
  return {
    target: memberId,
    before: { keys: before },
    after: { keys: [...own, added].map(keySummary) },
  }
}

export function revokeKey(
  state: RegistryState,
  op: OperationOf<'revoke-key'>,
  ctx: OperationContext,
): Change {
  const key = state.signingKeys.find((k) => k.jwk.kid === op.kid)
  if (!key) throw new AuthorityError('unknown_item', { detail: 'no key with that kid' })
  if (state.revocations.keys.some((r) => r.kid === op.kid)) {
    throw new AuthorityError('already_revoked')
  }
  const revokedAt = new Date(ctx.now).toISOString()
  state.revocations.keys.push({ kid: key.jwk.kid, revokedAt })
  return { target: key.jwk.kid, after: { memberId: key.memberId, revokedAt } }
}

/**
 * Sets node `id`'s log key, replacing any earlier one (the authority's own act, in force at
 * once): from the next document on, the witness accepts the node's heads under this key only.
 * The log's history stays bound: a head under the new key must still extend the one held.
 */
export function rotateLogKey(state: RegistryState, op: OperationOf<'rotate-log-key'>): Change {
  const id = nodeIdIn(state, op.id)
  const node = state.nodes.find((n) => n.id === id)
  if (!node) throw new AuthorityError('unknown_item', { detail: 'no node with that id' })
  const logKey = uniqueLogKey(state, id, op.logKey)
  if (node.logKey?.kid === logKey.kid) throw already('the node already has that log key')
  const before = node.logKey && { logKey: node.logKey.kid }
  node.logKey = logKey
  return { target: id, ...(before && { before }), after: { logKey: logKey.kid } }
}

/**
 * Revokes a TLS certificate by fingerprint, registered to a node or not (a stolen certificate
 * may be revoked before anyone registers it).
 */
export function revokeCert(
  state: RegistryState,
  op: OperationOf<'revoke-cert'>,
  ctx: OperationContext,
): Change {
  const fingerprint = fingerprintOf(op.fingerprint)
  if (state.revocations.certificates.some((r) => r.fingerprint === fingerprint)) {
    throw new AuthorityError('already_revoked')
  }
  const revokedAt = new Date(ctx.now).toISOString()
  state.revocations.certificates.push({ fingerprint, revokedAt })
  const node = state.nodes.find((n) => n.tlsFingerprint === fingerprint)
  return { target: fingerprint, after: { ...(node && { node: node.id }), revokedAt } }
}
