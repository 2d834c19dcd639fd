// Public face of the audit stage: the message log, its offline verifier and its reader.
export { createAuditLog, DEFAULT_SEGMENT_MAX_BYTES } from './audit-log.js'
export type {
  AppendResult,
  AuditLog,
  AuditLogOptions,
  AuditLogStats,
  SegmentHandle,
} from './audit-log.js'
export { AuditLogError } from './audit-log-error.js'
export type { AuditLogErrorCode } from './audit-log-error.js'
export type { AuditRecordInput, SignatureEvidence } from './audit-record.js'
export { GENESIS_HASH } from './log-format.js'
export type { AuditRecord, LogHead } from './log-format.js'
export { readAuditRecords } from './read-log.js'
export { verifyAuditLog } from './verify-log.js'
export type { VerifyFailure, VerifyFailureKind, VerifyLogResult } from './verify-log.js'
