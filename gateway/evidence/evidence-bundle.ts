// The evidence bundle: one exchange as a gateway logged it, with all an auditor needs offline.
import type { JWK } from 'jose'
import type { AuditRecord, InclusionProof } from '../audit/index.js'
import { KopuroError } from '../lib/errors.js'

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

/**
 * One exchange an X-Road-Id names, as an ambiguous lookup lists it: enough to tell the exchanges
 * apart and to ask for exactly one (docs/protocol.md §7).
 */
export interface ExchangeMatch {
  /** The record's place in the log: with the other fields, it addresses the record exactly. */
  seq: number
  side: 'consumer' | 'provider' | 'admin'
  requestId: string
  /** When the record was logged (RFC 3339). */
  time: string
  client: string
  service: string
  status: number
}

/**
 * Why no bundle could be built: unknown exchange, not yet covered by a checkpoint, or an
 * X-Road-Id that names several exchanges (their list in `matches`).
 */
export type EvidenceErrorCode = 'unknown_exchange' | 'not_checkpointed' | 'ambiguous_exchange'

export class EvidenceError extends KopuroError<EvidenceErrorCode> {
  /** For `ambiguous_exchange`: every match the caller may see, in log order, at most a page. */
  readonly matches: readonly ExchangeMatch[]
  /** For `ambiguous_exchange`: more matches exist than `matches` lists. */
  readonly more: boolean

  constructor(
    code: EvidenceErrorCode,
    message: string,
    options?: { cause?: unknown; matches?: readonly ExchangeMatch[]; more?: boolean },
  ) {
    super(code, message, options)
    this.name = 'EvidenceError'
    this.matches = options?.matches ?? []
    this.more = options?.more ?? false
  }
}
