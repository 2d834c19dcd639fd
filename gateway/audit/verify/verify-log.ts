// Offline check of a whole message log: syntax, sequence, hash chain, Merkle roots, signatures.
import type { JWK } from 'jose'
import { listSegments, readHead, readSegmentLines } from '../log/log-files.js'
import type { SegmentLine } from '../log/log-files.js'
import {
  GENESIS_HASH,
  HEAD_FILE,
  hashLine,
  parseRecordLine,
  segmentName,
} from '../log/log-format.js'
import type { LogHead } from '../log/log-format.js'
import { leafHash } from '../merkle/merkle.js'
import { listQuarantined } from '../log/quarantine.js'
import { RETAINED_FILE, readRetained } from '../log/retained-file.js'
import type { Retained } from '../log/retained-file.js'
import { loadRootClaims } from './verify-checkpoints.js'
import { RootChecker } from './verify-roots.js'

export type VerifyFailureKind =
  | 'malformed'
  | 'chain_broken'
  | 'sequence_gap'
  | 'torn_tail'
  | 'truncated'
  | 'head_mismatch'
  | 'checkpoint_invalid'
  | 'checkpoint_mismatch'
  | 'witness_mismatch'
  | 'truncated_vs_witness'

export interface VerifyLogOptions {
  /** The log public key (JWK). Without it, every checkpoint must name one and the same key. */
  logKey?: JWK
  /**
   * A signed head a witness holds (compact JWS): the log must hold at least its size and
   * reproduce its root, so a cut tail shows even to someone holding only that head.
   */
  witnessHead?: string
}

/** The first fault found, located by segment file name and 1-based line within it. */
export interface VerifyFailure {
  kind: VerifyFailureKind
  segment: string
  line: number
  /** The seq of the faulty record, when known. */
  seq?: number
  message: string
}

/**
 * `records` counts the records checked good (before the fault, on failure). `head` is the last
 * record, which may be ahead of head.json by the batch in flight at a crash.
 */
export type VerifyLogResult =
  | ({ ok: true; records: number; head?: LogHead } & VerifySummary)
  | { ok: false; records: number; failure: VerifyFailure; quarantined: string[] }

export interface VerifySummary {
  /** Lines of checkpoints.jsonl whose signature and key check out (and root, unless unchecked). */
  checkpoints: number
  /** The log ID (key thumbprint) every checkpoint names, when there are any. */
  logId?: string
  /** Signed heads older than the retained prefix: their signature is checked, their root not. */
  unchecked: number
  /** Quarantine files holding torn lines cut off after crashes (kept on disk, never deleted). */
  quarantined: string[]
  /** The first seq held, when retention removed the records before it. */
  firstSeq?: number
  /** The size of the witness head given, once its root matched. */
  witness?: number
}

type Failed = Omit<Extract<VerifyLogResult, { ok: false }>, 'quarantined'>

/** A record that passed its checks, with where it is and what it hashes to. */
interface Checked extends LogHead {
  segment: string
  line: number
}

interface State {
  head: LogHead | undefined
  last: Checked | undefined
  /** `record.prev` differs from `before.hash`; the next record or head.json tells which changed. */
  suspect: { before: Checked; record: Checked } | undefined
  segment: string
  lines: number
  roots: RootChecker
}

/**
 * Checks every segment of the log in `dir` in order and reports the first bad record: an edit,
 * deletion, reordering, truncation (against head.json, a checkpoint or a witness head) or torn
 * last line. Checkpoints must be validly signed (see VerifyLogOptions) and the records must
 * reproduce each one's Merkle root (RFC 9162 §2.1.1). Throws only on I/O errors.
 *
 * @example
 * const result = await verifyAuditLog('.kopuro/audit', { logKey, witnessHead })
 * if (!result.ok) console.error(result.failure.kind, result.failure.seq)
 */
export async function verifyAuditLog(
  dir: string,
  options: VerifyLogOptions = {},
): Promise<VerifyLogResult> {
  const quarantined = await listQuarantined(dir)
  const opened = await openLog(dir, options)
  if ('failure' in opened) return { ...opened, quarantined }
  const { state, segments, headMalformed, summary } = opened
  const started = state.roots.start({ segment: RETAINED_FILE, line: 0 })
  if (started) return { ...failed(state, started, started.records), quarantined }
  for (const [i, segment] of segments.entries()) {
    const lastSegment = i === segments.length - 1
    state.segment = segment.name
    state.lines = 0
    for await (const line of readSegmentLines(segment.path)) {
      const failure = checkLine(state, segment.name, line, lastSegment)
      if (failure) return { ...failure, quarantined }
    }
  }
  const result = finish(state, headMalformed)
  if (!result.ok) return { ...result, quarantined }
  return { ...result, ...summary, unchecked: state.roots.unchecked, quarantined }
}

interface Opened {
  state: State
  segments: Awaited<ReturnType<typeof listSegments>>
  headMalformed: boolean
  summary: Omit<VerifySummary, 'quarantined' | 'unchecked'>
}

/** retained.json, head.json, the signed heads, then the state the record stream starts from. */
async function openLog(dir: string, options: VerifyLogOptions): Promise<Opened | Failed> {
  let retained: Retained | undefined
  try {
    retained = await readRetained(dir)
  } catch {
    const failure = { kind: 'malformed' as const, segment: RETAINED_FILE, line: 1 }
    return { ok: false, records: 0, failure: { ...failure, message: 'not a retention summary' } }
  }
  const loaded = await loadRootClaims(dir, options)
  if ('kind' in loaded) return { ok: false, records: 0, failure: loaded }
  const head = await readHead(dir)
  const segments = await listSegments(dir)
  const last = retained && {
    ...{ seq: retained.size, hash: retained.prev, time: retained.time },
    ...{ segment: RETAINED_FILE, line: 0 },
  }
  const state: State = {
    head: typeof head === 'string' ? undefined : head,
    last,
    suspect: undefined,
    segment: segments.at(-1)?.name ?? segmentName(1),
    lines: 0,
    roots: new RootChecker(loaded.claims, retained),
  }
  const witness =
    options.witnessHead === undefined
      ? undefined
      : loaded.claims.find((c) => c.source === 'witness')?.size
  const summary = {
    checkpoints: loaded.checkpoints,
    ...(loaded.logId !== undefined && { logId: loaded.logId }),
    ...(retained && { firstSeq: retained.size + 1 }),
    ...(witness !== undefined && { witness }),
  }
  return { state, segments, headMalformed: head === 'malformed', summary }
}

function checkLine(
  state: State,
  segment: string,
  line: SegmentLine,
  lastSegment: boolean,
): Failed | undefined {
  state.lines = line.line
  const record = line.terminated ? parseRecordLine(line.bytes) : undefined
  if (state.suspect) return blame(state, record && record.prev === state.suspect.record.hash)
  const at = { segment, line: line.line }
  if (!line.terminated) {
    const kind = lastSegment ? 'torn_tail' : 'malformed'
    return failed(state, { kind, ...at, message: 'the line has no newline (partial write)' })
  }
  if (!record) return failed(state, { kind: 'malformed', ...at, message: 'not a log record' })
  const expected = (state.last?.seq ?? 0) + 1
  if (record.seq !== expected) {
    const message = `expected seq ${expected}, found ${record.seq}`
    return failed(state, { kind: 'sequence_gap', ...at, seq: record.seq, message })
  }
  const checked = { ...at, seq: record.seq, hash: hashLine(line.bytes), time: record.time }
  const broken = checkChain(state, checked, record.prev)
  if (broken || state.last !== checked) return broken
  const mismatch = state.roots.add(leafHash(line.bytes), checked)
  return mismatch && failed(state, mismatch, mismatch.records)
}

/** prev must be the previous line's hash; record 1's prev is the genesis value. */
function checkChain(state: State, record: Checked, prev: string): Failed | undefined {
  const before = state.last
  if (before === undefined && prev !== GENESIS_HASH) {
    return failed(state, fault(record, 'chain_broken', 'prev is not the genesis value'))
  }
  if (before !== undefined && prev !== before.hash) {
    state.suspect = { before, record }
    return state.head?.seq === record.seq
      ? blame(state, record.hash === state.head.hash)
      : undefined
  }
  if (state.head?.seq === record.seq && record.hash !== state.head.hash) {
    return failed(state, fault(record, 'head_mismatch', 'the record does not hash to head.json'))
  }
  state.last = record
  return undefined
}

/**
 * A broken link means `before` was changed (its bytes no longer hash to `record.prev`) or
 * `record.prev` was. If `record` itself is intact (its successor's prev or head.json still
 * matches it), `before` is the changed record; otherwise `record` is. Without evidence, the
 * earlier one is blamed.
 */
function blame(state: State, recordIntact: boolean | undefined): Failed {
  const { before, record } = state.suspect!
  if (recordIntact === false) {
    return failed(state, fault(record, 'chain_broken', `prev is not the hash of seq ${before.seq}`))
  }
  const message = `the record's hash differs from the prev of seq ${record.seq}`
  return failed(state, fault(before, 'chain_broken', message), before.seq - 1)
}

/** End of the log: an unresolved broken link (no successor), a bad head.json, truncation. */
function finish(
  state: State,
  headMalformed: boolean,
): Failed | { ok: true; records: number; head?: LogHead } {
  if (state.suspect) return blame(state, undefined)
  const records = state.last?.seq ?? 0
  if (headMalformed) {
    const message = 'head.json is not a valid head record'
    return failed(state, { kind: 'head_mismatch', segment: HEAD_FILE, line: 1, message })
  }
  const end = { segment: state.segment, line: state.lines + 1 }
  if (state.head && records < state.head.seq) {
    const message = `head.json records seq ${state.head.seq} but the log ends at seq ${records}`
    return failed(state, { kind: 'truncated', ...end, seq: records + 1, message })
  }
  const cut = state.roots.finish(end)
  if (cut) return failed(state, cut, cut.records)
  const last = state.last
  return { ok: true, records, head: last && { seq: last.seq, hash: last.hash, time: last.time } }
}

function fault(record: Checked, kind: VerifyFailureKind, message: string): VerifyFailure {
  return { kind, segment: record.segment, line: record.line, seq: record.seq, message }
}

/** By default every record accepted so far is good; blaming an accepted record passes fewer. */
function failed(state: State, failure: VerifyFailure, records = state.last?.seq ?? 0): Failed {
  const { kind, segment, line, seq, message } = failure
  return {
    ok: false,
    records,
    failure: { kind, segment, line, ...(seq !== undefined && { seq }), message },
  }
}
