// Auditor queries over the message log: filters, cursor pagination, JSON / NDJSON / CSV.
import type { AuditRecord } from '../audit/index.js'
import { readAuditRecords } from '../audit/index.js'
import { memberOf } from '../identifiers/index.js'
import { GatewayError } from '../lib/errors.js'
import { isMessageId } from '../lib/ids.js'
import type { Principal } from './role-tokens.js'

export interface RecordQuery {
  fromMs?: number
  toMs?: number
  client?: string
  service?: string
  /** Every record of this X-Road-Id: a reused one names several exchanges (docs/protocol.md §2.3). */
  xRoadId?: string
  /** The records of the one exchange with this X-Road-Request-Id. */
  requestId?: string
  /** An exact status (`403`) or a class (`4xx`). */
  status?: string
  userId?: string
  /** The keyed hash of a data subject, as the log stores it. */
  dataSubject?: string
  /** Return records after this seq. */
  after: number
  limit: number
  format: 'json' | 'ndjson' | 'csv'
}

export const MAX_PAGE = 1000

/** Parses query parameters strictly: an unknown or malformed one is a 400, never ignored. */
export function parseRecordQuery(params: URLSearchParams): RecordQuery {
  const allowed = new Set([
    'from',
    'to',
    'client',
    'service',
    'xRoadId',
    'requestId',
    'status',
    'userId',
    'dataSubject',
    'cursor',
    'limit',
    'format',
  ])
  for (const key of params.keys()) if (!allowed.has(key)) throw bad(`unknown parameter`)
  const time = (name: string) => {
    const value = params.get(name)
    if (value === null) return undefined
    const ms = Date.parse(value)
    if (Number.isNaN(ms)) throw bad(`${name} is not an RFC 3339 time`)
    return ms
  }
  const limit = Number(params.get('limit') ?? 100)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw bad('limit out of range')
  const status = params.get('status') ?? undefined
  if (status !== undefined && !/^[1-5](\d\d|xx)$/.test(status))
    throw bad('status is not a code or class')
  const id = (name: string) => {
    const value = params.get(name) ?? undefined
    if (value !== undefined && !isMessageId(value)) throw bad(`${name} is not a message id`)
    return value
  }
  const format = params.get('format') ?? 'json'
  if (format !== 'json' && format !== 'ndjson' && format !== 'csv') throw bad('unknown format')
  return {
    fromMs: time('from'),
    toMs: time('to'),
    client: params.get('client') ?? undefined,
    service: params.get('service') ?? undefined,
    xRoadId: id('xRoadId'),
    requestId: id('requestId'),
    status,
    userId: params.get('userId') ?? undefined,
    dataSubject: params.get('dataSubject') ?? undefined,
    after: decodeCursor(params.get('cursor')),
    limit,
    format,
  }
}

/** Whether a principal may see a record: members see exchanges they took part in, nothing else. */
export function visibleTo(principal: Principal): (r: AuditRecord) => boolean {
  if (principal.role !== 'member') return () => true
  return (r) => memberOf(r.client) === principal.member || memberOf(r.service) === principal.member
}

/** One page of matching records in log order, and the cursor of the next page if there is one. */
export async function queryRecords(
  dir: string,
  query: RecordQuery,
  visible: (r: AuditRecord) => boolean,
): Promise<{ records: AuditRecord[]; next?: string }> {
  const records: AuditRecord[] = []
  for await (const record of readAuditRecords(dir)) {
    if (record.seq <= query.after || !visible(record) || !matches(record, query)) continue
    if (records.length === query.limit) return { records, next: encodeCursor(records.at(-1)!.seq) }
    records.push(record)
  }
  return { records }
}

function matches(r: AuditRecord, q: RecordQuery): boolean {
  const t = Date.parse(r.time)
  if (q.fromMs !== undefined && t < q.fromMs) return false
  if (q.toMs !== undefined && t >= q.toMs) return false
  if (q.client !== undefined && r.client !== q.client) return false
  if (q.service !== undefined && r.service !== q.service) return false
  if (q.xRoadId !== undefined && r.xRoadId !== q.xRoadId) return false
  if (q.requestId !== undefined && r.requestId !== q.requestId) return false
  if (q.userId !== undefined && r.userId !== q.userId) return false
  if (q.dataSubject !== undefined && r.dataSubject !== q.dataSubject) return false
  if (q.status !== undefined) {
    const s = String(r.status)
    if (q.status.endsWith('xx') ? s[0] !== q.status[0] : s !== q.status) return false
  }
  return true
}

const CSV_COLUMNS = [
  'seq',
  'time',
  'side',
  'xRoadId',
  'client',
  'service',
  'method',
  'path',
  'userId',
  'issue',
  'status',
  'error',
  // The keyed hash of the data subject, never the code (docs/design.md §5); last, so the
  // columns before it keep their places.
  'dataSubject',
  // Then the id unique to each exchange (an X-Road-Id may be reused).
  'requestId',
] as const

/** RFC 4180 CSV of the main fields; cells that could start a spreadsheet formula are quoted safe. */
export function toCsv(records: AuditRecord[]): string {
  const cell = (v: unknown) => {
    let s = v === undefined || v === null ? '' : String(v)
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
  }
  const rows = records.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n'
}

function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url')
}

function decodeCursor(cursor: string | null): number {
  if (cursor === null) return 0
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString())
  if (!match) throw bad('malformed cursor')
  return Number(match[1])
}

function bad(reason: string): GatewayError {
  return new GatewayError('client.bad_request', { cause: new Error(reason) })
}
