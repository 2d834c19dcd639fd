// The evidence bundle: one exchange as a gateway logged it, with all an auditor needs offline.
import type { JWK } from 'jose'
import type { AuditRecord, InclusionProof } from '../audit/index.js'

/** The bundle format version; a verifier refuses any other. */
export const EVIDENCE_VERSION = 1

/** A signing key as the directory publishes it (docs/design.md §3), with its revocation if any. */
export interface EvidenceKey {
  memberId: string
  /** The public JWK, `kid` included. */
  jwk: JWK
  notBefore: string
  notAfter?: string
  revokedAt?: string
}

/**
 * docs/design.md §5 evidence: the record and its exact line, the signers' keys, and the log's proof
 * that the line is leaf `seq - 1` of the tree its signed checkpoint commits to (RFC 9162).
 */
export interface EvidenceBundle {
  version: typeof EVIDENCE_VERSION
  /** The gateway node whose log holds the record. */
  node: string
  record: AuditRecord
  /** The record's line in the log, exactly (without its newline): the Merkle leaf. */
  line: string
  keys: Record<string, EvidenceKey>
  /** The checkpoint signer's public key, as the checkpoint names it; pin it out of band. */
  logKey: JWK
  /** The signed checkpoint (compact JWS) whose tree contains the record. */
  checkpoint: string
  inclusion: InclusionProof
}

/** Why no bundle could be built: unknown exchange, or not yet covered by a checkpoint. */
export type EvidenceErrorCode = 'unknown_exchange' | 'not_checkpointed'

export class EvidenceError extends Error {
  readonly code: EvidenceErrorCode

  constructor(code: EvidenceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'EvidenceError'
    this.code = code
  }
}
