// The authority's change log: one hash-chained, fsync'ed record per registry change.
import {
  createAuditLog,
  readAuditRecords,
  verifyAuditLog,
  type AuditRecordInput,
  type VerifyLogResult,
} from '../../../audit/index.js'
import type { Clock } from '../../../lib/clock.js'
import type { OperationName } from './operations.js'

/**
 * What a change record records: one admin operation, or a decision on a registration request
 * (an approval carries its whole batch of operations, applied as one change).
 */
export type ChangeAction = OperationName | 'approve-registration' | 'reject-registration'

/** Who changed what, as the authority's admin API accepted it. */
export interface ChangeRecordInput {
  /** The admin token's subject. */
  actor: string
  action: ChangeAction
  /** The id of the item changed: member, subsystem, node, kid, fingerprint, group code or registration. */
  target: string
  before?: unknown
  after?: unknown
  /** The serial of the first directory document that carries the change. */
  serial: number
}

/** A stored change: the log adds its place in the chain (seq, time, prev). */
export interface ChangeRecord extends ChangeRecordInput {
  seq: number
  time: string
  prev: string
}

export interface ChangeLog {
  /** Resolves once the record is durable (written and fdatasync'ed). */
  append(record: ChangeRecordInput): Promise<{ seq: number; hash: string }>
  close(): Promise<void>
}

/**
 * Opens the change log in `dir` with the message log's machinery: the same line format, hash
 * chain, group commit, head.json and offline verifier (`kopuro audit verify <dir>` checks it),
 * in a directory of its own.
 *
 * @example
 * const log = await createChangeLog({ dir: '.kopuro/directory/changes' })
 * await log.append({ actor: 'alice', action: 'approve', target: id, serial: 42 })
 */
export async function createChangeLog(options: { dir: string; now?: Clock }): Promise<ChangeLog> {
  const now = options.now ?? Date.now
  const log = await createAuditLog({ dir: options.dir, now: () => new Date(now()) })
  return {
    // The audit log is typed for exchanges but stores any object it is given, adding only the
    // chain fields; this cast goes once AuditLog is generic in its record type.
    append: (record) => log.append(record as unknown as AuditRecordInput),
    close: () => log.close(),
  }
}

/**
 * Yields the change records in order (without checking the chain; see verifyChangeLog).
 *
 * @example for await (const change of readChangeRecords(dir)) console.log(change.action)
 */
export async function* readChangeRecords(dir: string): AsyncGenerator<ChangeRecord> {
  for await (const record of readAuditRecords(dir)) yield record as unknown as ChangeRecord
}

/** Checks the whole change log offline: line syntax, sequence, hash chain, head.json. */
export function verifyChangeLog(dir: string): Promise<VerifyLogResult> {
  return verifyAuditLog(dir)
}
