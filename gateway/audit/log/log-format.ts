// The message log's on-disk format: record lines, their hash chain, segment and head file names.
import { createHash } from 'node:crypto'
import type { AuditRecordInput } from './audit-record.js'

/** The `prev` of record 1: base64url of 32 zero bytes, i.e. 43 'A's. */
export const GENESIS_HASH = 'A'.repeat(43)

/** The last durable record's `{ seq, hash, time }`, rewritten after each group commit. */
export const HEAD_FILE = 'head.json'

const SEGMENT_NAME = /^segment-(\d{6,})\.jsonl$/
const CHAIN_FIELDS = ['seq', 'time', 'prev'] as const
/** Record lines end with LF; the byte never occurs inside a UTF-8 multi-byte sequence. */
export const NEWLINE = 0x0a

/** One stored record: the chain fields the log adds, then the gateway's fields. */
export interface AuditRecord extends AuditRecordInput {
  /** 1-based, global across segments, no gaps. */
  seq: number
  /** ISO 8601 time at which the log accepted the record. */
  time: string
  /** base64url SHA-256 of the previous record's line bytes (without its newline). */
  prev: string
}

/** A record's place in the chain, as kept in head.json and reported by the verifier. */
export interface LogHead {
  seq: number
  hash: string
  time: string
}

/** A record serialised once: its line with the trailing newline, and the hash of the line. */
export interface SerializedRecord {
  bytes: Buffer
  hash: string
}

export function segmentName(index: number): string {
  return `segment-${String(index).padStart(6, '0')}.jsonl`
}

export function segmentIndex(name: string): number | undefined {
  const match = SEGMENT_NAME.exec(name)
  return match ? Number(match[1]) : undefined
}

/** The chain hash: SHA-256 over a line's exact bytes, newline excluded, base64url unpadded. */
export function hashLine(line: Uint8Array): string {
  return createHash('sha256').update(line).digest('base64url')
}

/**
 * Serialises a record exactly once: `{"seq":…,"time":…,"prev":…,…input}` plus a newline.
 * JSON.stringify escapes control characters and lone surrogates, so the line holds no raw
 * newline and its UTF-8 bytes decode back to the same text.
 */
export function serializeRecord(
  input: AuditRecordInput,
  chain: { seq: number; time: string; prev: string },
): SerializedRecord {
  for (const field of CHAIN_FIELDS) {
    if (Object.hasOwn(input, field)) {
      throw new TypeError(`audit record must not set '${field}': the log adds it`)
    }
  }
  const bytes = Buffer.from(`${JSON.stringify({ ...chain, ...input })}\n`, 'utf8')
  return { bytes, hash: hashLine(bytes.subarray(0, bytes.length - 1)) }
}

/** Parses one line (without newline); undefined unless it is an object with valid chain fields. */
export function parseRecordLine(line: Uint8Array): AuditRecord | undefined {
  const value = parseJson(line)
  if (!isObject(value)) return undefined
  const { seq, time, prev } = value
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return undefined
  if (typeof time !== 'string' || typeof prev !== 'string') return undefined
  return value as unknown as AuditRecord
}

export function parseHead(text: Uint8Array): LogHead | undefined {
  const value = parseJson(text)
  if (!isObject(value)) return undefined
  const { seq, hash, time } = value
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return undefined
  if (typeof hash !== 'string' || typeof time !== 'string') return undefined
  return { seq: seq as number, hash, time }
}

export function formatHead(head: LogHead): string {
  return `${JSON.stringify({ seq: head.seq, hash: head.hash, time: head.time })}\n`
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'))
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
