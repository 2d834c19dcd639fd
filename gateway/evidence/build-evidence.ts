// Builds the evidence bundle of one exchange from this gateway's message log (docs/design.md §5).
import { setTimeout as sleep } from 'node:timers/promises'
import { AuditLogError, leafHash, readAuditRecords, verifyCheckpoint } from '../audit/index.js'
import type { AuditLog, AuditRecord, SignedCheckpoint } from '../audit/index.js'
import type { DirectoryView } from '../directory/index.js'
import { EVIDENCE_VERSION, EvidenceError } from './evidence-bundle.js'
import type { EvidenceBundle, EvidenceKey, ExchangeMatch } from './evidence-bundle.js'

export interface BuildEvidenceOptions {
  log: Pick<AuditLog, 'latestCheckpoint' | 'proveInclusion'>
  /** The log's directory, read for the record (the log object serves proofs only). */
  auditDir: string
  /** Where the signers' keys are looked up as published: the held directory view. */
  directory: Pick<DirectoryView, 'publishedKey' | 'keyRevokedAt'>
  xRoadId: string
  /** The exchange's own X-Road-Request-Id: picks one of several exchanges sharing the X-Road-Id. */
  requestId?: string
  /** Which side's record, when one gateway logged both sides of an exchange. */
  side?: 'consumer' | 'provider'
  /** The record's seq: tells apart records a peer gave the same ids (docs/protocol.md §7). */
  seq?: number
  /** Whether the caller may see the record; an invisible record is skipped, as if absent. */
  visible?: (record: AuditRecord) => boolean
  /** Wait this long (ms) for a checkpoint to cover the record before giving up (default 0). */
  waitMs?: number
}

const POLL_MS = 100
/** An ambiguous lookup lists at most this many matches; the record query pages through all. */
export const MAX_MATCHES = 100

/**
 * The bundle of the one exchange `xRoadId` (and `requestId`, `side`, `seq` if given) names in this
 * gateway's log, proven against the latest checkpoint that covers it. An X-Road-Id may be reused,
 * so it never silently picks one of several: it throws an EvidenceError `ambiguous_exchange`
 * listing them, `unknown_exchange` for none, or `not_checkpointed` (docs/protocol.md §7).
 *
 * @example
 * const bundle = await buildEvidence({ log, auditDir, directory: client.held(), xRoadId })
 */
export async function buildEvidence(options: BuildEvidenceOptions): Promise<EvidenceBundle> {
  const { record, line } = await findRecord(options)
  const checkpoint = await coveringCheckpoint(options, record.seq)
  const { publicJwk } = await verifyCheckpoint(checkpoint.jws)
  const inclusion = await options.log.proveInclusion(record.seq, checkpoint.size)
  // The leaf must be this very line: the proof is worthless for any other bytes. A mismatch is a
  // damaged log, not a lookup gone wrong: no EvidenceError, so the admin listener answers its
  // internal error.
  if (leafHash(Buffer.from(line, 'utf8')).toString('base64') !== inclusion.leafHash) {
    throw new AuditLogError(
      'malformed',
      'the record line does not re-serialise to its logged bytes',
    )
  }
  if (inclusion.root !== checkpoint.root) {
    throw new AuditLogError('head_mismatch', 'the proof root is not the checkpoint')
  }
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
  const visible = options.visible ?? (() => true)
  let found: AuditRecord | undefined
  const matches: ExchangeMatch[] = []
  let more = false
  for await (const record of readAuditRecords(options.auditDir)) {
    // Records the caller may not see are skipped, never counted: they must not hide one it may.
    if (!addresses(options, record) || !visible(record)) continue
    found ??= record
    if (matches.length === MAX_MATCHES) {
      more = true
      break
    }
    matches.push(matchOf(record))
  }
  if (!found) throw new EvidenceError('unknown_exchange', 'no such exchange in this log')
  if (matches.length > 1) {
    throw new EvidenceError('ambiguous_exchange', 'the lookup names several exchanges', {
      matches,
      more,
    })
  }
  // The log writes JSON.stringify of the record, so the parsed record yields its bytes again
  // (checked against the proof's leaf hash by the caller).
  return { record: found, line: JSON.stringify(found) }
}

/** Whether the record is one the lookup names: its X-Road-Id and every further id given. */
function addresses(options: BuildEvidenceOptions, record: AuditRecord): boolean {
  if (record.xRoadId !== options.xRoadId) return false
  if (options.requestId !== undefined && record.requestId !== options.requestId) return false
  if (options.side !== undefined && record.side !== options.side) return false
  return options.seq === undefined || record.seq === options.seq
}

function matchOf(record: AuditRecord): ExchangeMatch {
  return {
    seq: record.seq,
    side: record.side,
    requestId: record.requestId,
    time: record.time,
    client: record.client,
    service: record.service,
    status: record.status,
  }
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
