// The auditor API's record filters (GET /audit/records) as flags, checked before anything is sent.
import { InvalidArgumentError, type Command } from 'commander'
import { MAX_PAGE } from '../admin/index.js'
import { isMessageId } from '../lib/ids.js'

/** The filter flags, by commander's camelCase names; each maps to the parameter of that name. */
export interface RecordFilterOptions {
  from?: string
  to?: string
  client?: string
  service?: string
  xRoadId?: string
  requestId?: string
  status?: string
  userId?: string
  dataSubject?: string
}

/** One page request beside the filters. */
export interface RecordPage {
  limit: number
  cursor?: string
  format: 'json' | 'ndjson' | 'csv'
}

const FILTERS = [
  'from',
  'to',
  'client',
  'service',
  'xRoadId',
  'requestId',
  'status',
  'userId',
  'dataSubject',
] as const satisfies readonly (keyof RecordFilterOptions)[]

function time(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected an RFC 3339 time')
  return value
}

function status(value: string): string {
  // The same rule the gateway applies (gateway/admin/record-query.ts).
  if (!/^[1-5](\d\d|xx)$/.test(value)) throw new InvalidArgumentError('expected 403 or 4xx')
  return value
}

/**
 * An X-Road-Id or X-Road-Request-Id as the gateway takes it (gateway/lib/ids.ts); commander
 * names the flag in the error.
 */
export function messageId(value: string): string {
  if (!isMessageId(value)) {
    throw new InvalidArgumentError('expected 1-128 printable ASCII characters without spaces')
  }
  return value
}

/** A page size the gateway accepts: 1 to MAX_PAGE. */
export function pageSize(value: string): number {
  const n = Number(value)
  if (!/^\d{1,4}$/.test(value) || n < 1 || n > MAX_PAGE) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_PAGE}`)
  }
  return n
}

/** Adds `--from --to --client --service --x-road-id --request-id --status --user-id --data-subject`. */
export function withRecordFilters(command: Command): Command {
  return command
    .option('--from <time>', 'records at or after this RFC 3339 time', time)
    .option('--to <time>', 'records before this RFC 3339 time', time)
    .option('--client <subsystem>', 'only this client subsystem')
    .option('--service <service>', 'only this service')
    .option(
      '--x-road-id <id>',
      'every exchange with this X-Road-Id (an id may be reused)',
      messageId,
    )
    .option('--request-id <id>', 'only the exchange with this X-Road-Request-Id', messageId)
    .option('--status <status>', 'an exact status (403) or a class (4xx)', status)
    .option('--user-id <id>', 'only requests made for this end user')
    .option('--data-subject <hash>', "only this data subject's keyed hash, as the log stores it")
}

/**
 * The `/audit/records` path with the filters and page as query parameters.
 *
 * @example recordsPath({ status: '4xx' }, { limit: 50, format: 'json' }) // '/audit/records?…'
 */
export function recordsPath(filters: RecordFilterOptions, page: RecordPage): string {
  const params = new URLSearchParams()
  for (const name of FILTERS) {
    const value = filters[name]
    if (value !== undefined) params.set(name, value)
  }
  params.set('limit', String(page.limit))
  if (page.cursor !== undefined) params.set('cursor', page.cursor)
  params.set('format', page.format)
  return `/audit/records?${params}`
}

/** A cursor from the gateway is passed on and printed, so it must be the base64url it should be. */
export function checkedCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw new Error('the gateway sent a malformed cursor')
  return cursor
}
