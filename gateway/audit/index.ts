// Public face of the audit stage: the message log, its Merkle proofs, checkpoints and verifier.
export { createAuditLog, DEFAULT_SEGMENT_MAX_BYTES } from './log/audit-log.js'
export type {
  AppendResult,
  AuditLog,
  AuditLogOptions,
  AuditLogStats,
  SegmentHandle,
} from './log/audit-log.js'
export { AuditLogError } from './log/audit-log-error.js'
export type { AuditLogErrorCode } from './log/audit-log-error.js'
export type { AuditRecordInput, SignatureEvidence } from './log/audit-record.js'
export {
  CHECKPOINT_JWS_TYPE,
  CheckpointError,
  createLogSigner,
  decodeCheckpoint,
  isHashBase64,
  publicLogKey,
  verifyCheckpoint,
} from './checkpoints/checkpoint.js'
export type {
  CheckpointBody,
  CheckpointFault,
  LogSigner,
  SignedCheckpoint,
} from './checkpoints/checkpoint.js'
export { CHECKPOINTS_FILE } from './checkpoints/checkpoint-file.js'
export {
  DEFAULT_CHECKPOINT_EVERY,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
} from './checkpoints/checkpointer.js'
export { GENESIS_HASH } from './log/log-format.js'
export type { AuditRecord, LogHead } from './log/log-format.js'
export type { ConsistencyProof, InclusionProof } from './merkle/log-proofs.js'
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
} from './merkle/merkle.js'
export { MerkleFrontier } from './merkle/merkle-frontier.js'
export { listQuarantined } from './log/quarantine.js'
export { readAuditRecords } from './log/read-log.js'
export { RETAINED_FILE } from './log/retained-file.js'
export type { Retained } from './log/retained-file.js'
export { verifyAuditLog } from './verify/verify-log.js'
export type { VerifyFailure, VerifyFailureKind, VerifyLogResult } from './verify/verify-log.js'
export { applyRetention } from './log/retention.js'
export type { RetentionOptions, RetentionResult } from './log/retention.js'
export { startWitnessPush, WitnessPushError } from './checkpoints/witness-client.js'
export type {
  WitnessPush,
  WitnessPushOptions,
  WitnessPushResult,
} from './checkpoints/witness-client.js'
