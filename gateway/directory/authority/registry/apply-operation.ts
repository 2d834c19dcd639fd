// The one entry to the registry's operations: dispatch on a copy, so a refused operation changes nothing.
import {
  addCa,
  addGlobalGroup,
  addGroupMember,
  addMemberClass,
  removeGroupMember,
} from './federation-operations.js'
import { approve, revokeCert, revokeKey, rotateKey, rotateLogKey } from './lifecycle-operations.js'
import type {
  Change,
  Operation,
  OperationContext,
  OperationName,
  OperationOf,
} from './operations.js'
import {
  registerKey,
  registerMember,
  registerNode,
  registerService,
  registerSubsystem,
} from './register-operations.js'
import type { RegistryState } from './registry-state.js'

type Handler<N extends OperationName> = (
  state: RegistryState,
  op: OperationOf<N>,
  ctx: OperationContext,
) => Change

const HANDLERS: { [N in OperationName]: Handler<N> } = {
  'register-member': registerMember,
  'register-subsystem': registerSubsystem,
  'register-node': registerNode,
  'register-key': registerKey,
  'register-service': registerService,
  approve,
  'rotate-key': rotateKey,
  'revoke-key': revokeKey,
  'rotate-log-key': rotateLogKey,
  'revoke-cert': revokeCert,
  'add-ca': addCa,
  'add-member-class': addMemberClass,
  'add-global-group': addGlobalGroup,
  'add-group-member': addGroupMember,
  'remove-group-member': removeGroupMember,
}

export interface AppliedOperation {
  state: RegistryState
  change: Change
}

/**
 * Applies one operation to a copy of `state` and returns the new state with what changed. The
 * given state is never modified; a refused operation throws an AuthorityError.
 *
 * @example
 * const { state: next, change } = applyOperation(state, { op: 'register-member', id, name }, ctx)
 */
export function applyOperation(
  state: RegistryState,
  operation: Operation,
  ctx: OperationContext,
): AppliedOperation {
  const draft = structuredClone(state)
  const handler = HANDLERS[operation.op] as Handler<OperationName>
  const change = handler(draft, operation, ctx)
  return { state: draft, change: structuredClone(change) }
}
