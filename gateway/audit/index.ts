// Public face of the audit stage: the message log, its Merkle proofs, checkpoints and verifier.
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
export {
  CHECKPOINT_JWS_TYPE,
  CheckpointError,
  createLogSigner,
  decodeCheckpoint,
  isHashBase64,
  publicLogKey,
  verifyCheckpoint,
} from './checkpoint.js'
export type { CheckpointBody, CheckpointFault, LogSigner, SignedCheckpoint } from './checkpoint.js'
export { CHECKPOINTS_FILE } from './checkpoint-file.js'
export { DEFAULT_CHECKPOINT_EVERY, DEFAULT_CHECKPOINT_INTERVAL_MS } from './checkpointer.js'
export { GENESIS_HASH } from './log-format.js'
export type { AuditRecord, LogHead } from './log-format.js'
export type { ConsistencyProof, InclusionProof } from './log-proofs.js'
export {
  EMPTY_ROOT,
  HASH_SIZE,
  consistencyProof,
  inclusionProof,
  leafHash,
  merkleRoot,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js'
export { MerkleFrontier } from './merkle-frontier.js'
export { listQuarantined } from './quarantine.js'
export { readAuditRecords } from './read-log.js'
export { RETAINED_FILE } from './retained-file.js'
export type { Retained } from './retained-file.js'
export { verifyAuditLog } from './verify-log.js'
export type { VerifyFailure, VerifyFailureKind, VerifyLogResult } from './verify-log.js'
export { applyRetention } from './retention.js'
export type { RetentionOptions, RetentionResult } from './retention.js'
export { startWitnessPush, WitnessPushError } from './witness-client.js'
export type { WitnessPush, WitnessPushOptions, WitnessPushResult } from './witness-client.js'
