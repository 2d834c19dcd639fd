// Offline check of a whole message log: line syntax, sequence, hash chain, torn tail, head.json.
import { listSegments, readHead, readSegmentLines } from './log-files.js'
import type { SegmentLine } from './log-files.js'
import { GENESIS_HASH, HEAD_FILE, hashLine, parseRecordLine, segmentName } from './log-format.js'
import type { LogHead } from './log-format.js'

export type VerifyFailureKind =
  'malformed' | 'chain_broken' | 'sequence_gap' | 'torn_tail' | 'truncated' | 'head_mismatch'

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
  | { ok: true; records: number; head?: LogHead }
  | { ok: false; records: number; failure: VerifyFailure }

type Failed = Extract<VerifyLogResult, { ok: false }>

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
}

/**
 * Checks every segment of the log in `dir` in order and reports the first bad record: an edit,
 * deletion, reordering, truncation (against head.json) or torn last line. Throws only on I/O
 * errors (e.g. `dir` missing).
 *
 * @example
 * const result = await verifyAuditLog('.kopuro/audit')
 * if (!result.ok) console.error(result.failure.kind, result.failure.seq)
 */
export async function verifyAuditLog(dir: string): Promise<VerifyLogResult> {
  const head = await readHead(dir)
  const segments = await listSegments(dir)
  const state: State = {
    head: typeof head === 'string' ? undefined : head,
    last: undefined,
    suspect: undefined,
    segment: segments.at(-1)?.name ?? segmentName(1),
    lines: 0,
  }
  for (const [i, segment] of segments.entries()) {
    const lastSegment = i === segments.length - 1
    state.segment = segment.name
    state.lines = 0
    for await (const line of readSegmentLines(segment.path)) {
      const failed = checkLine(state, segment.name, line, lastSegment)
      if (failed) return failed
    }
  }
  return finish(state, head === 'malformed')
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
  const hash = hashLine(line.bytes)
  return checkChain(state, { ...at, seq: record.seq, hash, time: record.time }, record.prev)
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
function finish(state: State, headMalformed: boolean): VerifyLogResult {
  if (state.suspect) return blame(state, undefined)
  const records = state.last?.seq ?? 0
  if (headMalformed) {
    const message = 'head.json is not a valid head record'
    return failed(state, { kind: 'head_mismatch', segment: HEAD_FILE, line: 1, message })
  }
  if (state.head && records < state.head.seq) {
    const message = `head.json records seq ${state.head.seq} but the log ends at seq ${records}`
    const at = { segment: state.segment, line: state.lines + 1, seq: records + 1 }
    return failed(state, { kind: 'truncated', ...at, message })
  }
  const last = state.last
  return { ok: true, records, head: last && { seq: last.seq, hash: last.hash, time: last.time } }
}

function fault(record: Checked, kind: VerifyFailureKind, message: string): VerifyFailure {
  return { kind, segment: record.segment, line: record.line, seq: record.seq, message }
}

/** By default every record accepted so far is good; blaming an accepted record passes fewer. */
function failed(state: State, failure: VerifyFailure, records = state.last?.seq ?? 0): Failed {
  return { ok: false, records, failure }
}
