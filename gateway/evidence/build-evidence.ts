// Builds the evidence bundle of one exchange from this gateway's message log (docs/design.md §5).
import { setTimeout as sleep } from 'node:timers/promises'
import { leafHash, readAuditRecords, verifyCheckpoint } from '../audit/index.js'
import type { AuditLog, AuditRecord, SignedCheckpoint } from '../audit/index.js'
import type { DirectoryView } from '../directory/index.js'
import { EVIDENCE_VERSION, EvidenceError } from './evidence-bundle.js'
import type { EvidenceBundle, EvidenceKey } from './evidence-bundle.js'

export interface BuildEvidenceOptions {
  log: Pick<AuditLog, 'latestCheckpoint' | 'proveInclusion'>
  /** The log's directory, read for the record (the log object serves proofs only). */
  auditDir: string
  /** Where the signers' keys are looked up as published: the held directory view. */
  directory: Pick<DirectoryView, 'publishedKey' | 'keyRevokedAt'>
  xRoadId: string
  /** Which side's record, when one gateway logged both. Default: the first one logged. */
  side?: 'consumer' | 'provider'
  /** Whether the caller may see the record; an invisible record is reported as unknown. */
  visible?: (record: AuditRecord) => boolean
  /** Wait this long (ms) for a checkpoint to cover the record before giving up (default 0). */
  waitMs?: number
}

const POLL_MS = 100

/**
 * The bundle of exchange `xRoadId` as this gateway logged it, proven against the latest
 * checkpoint that covers it. Throws an EvidenceError `unknown_exchange` or `not_checkpointed`.
 *
 * @example
 * const bundle = await buildEvidence({ log, auditDir, directory: client.held(), xRoadId })
 */
export async function buildEvidence(options: BuildEvidenceOptions): Promise<EvidenceBundle> {
  const { record, line } = await findRecord(options)
  const checkpoint = await coveringCheckpoint(options, record.seq)
  const { publicJwk } = await verifyCheckpoint(checkpoint.jws)
  const inclusion = await options.log.proveInclusion(record.seq, checkpoint.size)
  // The leaf must be this very line: the proof is worthless for any other bytes.
  if (leafHash(Buffer.from(line, 'utf8')).toString('base64') !== inclusion.leafHash) {
    throw new Error('the record line does not re-serialise to its logged bytes')
  }
  if (inclusion.root !== checkpoint.root) throw new Error('the proof root is not the checkpoint')
  return {
    version: EVIDENCE_VERSION,
    node: checkpoint.node ?? record.node,
    record,
    line,
    keys: publishedKeys(options.directory, record),
    logKey: publicJwk,
    checkpoint: checkpoint.jws,
    inclusion,
  }
}

async function findRecord(
  options: BuildEvidenceOptions,
): Promise<{ record: AuditRecord; line: string }> {
  const { xRoadId, side, visible = () => true } = options
  for await (const record of readAuditRecords(options.auditDir)) {
    if (record.xRoadId !== xRoadId || (side !== undefined && record.side !== side)) continue
    if (!visible(record)) break
    // The log writes JSON.stringify of the record, so the parsed record yields its bytes again
    // (checked against the proof's leaf hash by the caller).
    return { record, line: JSON.stringify(record) }
  }
  throw new EvidenceError('unknown_exchange', 'no such exchange in this log')
}

async function coveringCheckpoint(
  options: BuildEvidenceOptions,
  seq: number,
): Promise<SignedCheckpoint> {
  const deadline = Date.now() + (options.waitMs ?? 0)
  for (;;) {
    const latest = options.log.latestCheckpoint()
    if (latest && latest.size >= seq) return latest
    if (Date.now() >= deadline) {
      throw new EvidenceError('not_checkpointed', 'no signed checkpoint covers the record yet')
    }
    await sleep(POLL_MS)
  }
}

function publishedKeys(
  directory: BuildEvidenceOptions['directory'],
  record: AuditRecord,
): Record<string, EvidenceKey> {
  const keys: Record<string, EvidenceKey> = {}
  for (const signature of [record.signatures.request, record.signatures.response]) {
    const published = signature && directory.publishedKey(signature.keyid)
    if (!published) continue
    const { jwk, notBefore, notAfter } = published.entry
    const revoked = directory.keyRevokedAt(signature!.keyid)
    keys[signature!.keyid] = {
      memberId: published.memberId,
      jwk,
      notBefore,
      ...(notAfter === undefined ? {} : { notAfter }),
      ...(revoked === undefined ? {} : { revokedAt: new Date(revoked).toISOString() }),
    }
  }
  return keys
}
