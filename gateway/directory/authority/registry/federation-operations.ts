// Federation-wide settings: member classes, federation CAs and global groups.
import { AuthorityError } from '../authority-error.js'
import type { Change, OperationContext, OperationOf } from './operations.js'
import type { GlobalGroupRecord, RegistryState } from './registry-state.js'
import { already } from './register-operations.js'
import { codeOf, subsystemIdIn, textOf } from './validate-input.js'
import { caCertificateOf } from './validate-material.js'

export function addMemberClass(state: RegistryState, op: OperationOf<'add-member-class'>): Change {
  const code = codeOf(op.code)
  if (state.memberClasses.some((c) => c.code === code)) throw already('the class exists')
  const record = { code, description: textOf(op.description) }
  state.memberClasses.push(record)
  return { target: code, after: record }
}

/** A CA listed here becomes a trust anchor for federation TLS at every gateway (docs/design.md §2). */
export function addCa(
  state: RegistryState,
  op: OperationOf<'add-ca'>,
  ctx: OperationContext,
): Change {
  const { pem, fingerprint } = caCertificateOf(op.pem)
  if (state.federationCas.some((c) => c.fingerprint === fingerprint)) {
    throw already('the CA is listed')
  }
  const addedAt = new Date(ctx.now).toISOString()
  state.federationCas.push({ fingerprint, pem, addedAt })
  return { target: fingerprint, after: { fingerprint, addedAt } }
}

export function addGlobalGroup(state: RegistryState, op: OperationOf<'add-global-group'>): Change {
  const code = codeOf(op.code)
  if (state.globalGroups.some((g) => g.code === code)) throw already('the group exists')
  const record = { code, description: textOf(op.description), members: [] }
  state.globalGroups.push(record)
  return { target: code, after: record }
}

export function addGroupMember(state: RegistryState, op: OperationOf<'add-group-member'>): Change {
  const group = findGroup(state, op.group)
  const subsystemId = subsystemIdIn(state, op.subsystemId)
  if (!state.subsystems.some((s) => s.id === subsystemId)) {
    throw new AuthorityError('unknown_item', { detail: 'register the subsystem first' })
  }
  if (group.members.includes(subsystemId)) throw already('the subsystem is in the group')
  const before = [...group.members]
  group.members.push(subsystemId)
  return { target: group.code, before: { members: before }, after: { members: group.members } }
}

export function removeGroupMember(
  state: RegistryState,
  op: OperationOf<'remove-group-member'>,
): Change {
  const group = findGroup(state, op.group)
  if (!group.members.includes(op.subsystemId)) {
    throw new AuthorityError('unknown_item', { detail: 'the subsystem is not in the group' })
  }
  const before = [...group.members]
  group.members = group.members.filter((m) => m !== op.subsystemId)
  return { target: group.code, before: { members: before }, after: { members: group.members } }
}

function findGroup(state: RegistryState, code: string): GlobalGroupRecord {
  const group = state.globalGroups.find((g) => g.code === code)
  if (!group) throw new AuthorityError('unknown_item', { detail: 'no global group with that code' })
  return group
}
