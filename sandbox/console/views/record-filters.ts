// The auditor view's filter form and what it becomes: the auditor API's query parameters.
import { resolve } from 'node:path'
import { isMessageId } from '../../../gateway/lib/ids.js'
import { hashDataSubject, isPin, loadTrackerKey } from '../../../gateway/tracker/index.js'
import { trackerKeyFile } from '../../federation-keys.js'
import type { SandboxGateway } from '../../sandbox-file.js'

/** The form's fields as typed (empty when not given). */
export interface RecordFilters {
  client: string
  service: string
  status: string
  from: string
  to: string
  userId: string
  /** Every record of this X-Road-Id: an information system may reuse one. */
  xRoadId: string
  /** The data subject's PIN, which the log holds only as the member's keyed hash. */
  pin: string
}

export const FILTER_NAMES = [
  'client',
  'service',
  'status',
  'from',
  'to',
  'userId',
  'xRoadId',
  'pin',
] as const

export function filtersFrom(params: URLSearchParams): RecordFilters {
  const get = (name: string) => (params.get(name) ?? '').trim()
  return {
    client: get('client'),
    service: get('service'),
    status: get('status'),
    from: get('from'),
    to: get('to'),
    userId: get('userId'),
    xRoadId: get('xRoadId'),
    pin: get('pin'),
  }
}

/** The filters as console query parameters, for links that keep them (next page, CSV). */
export function filterQuery(node: string, filters: RecordFilters): URLSearchParams {
  const params = new URLSearchParams({ node })
  for (const name of FILTER_NAMES) if (filters[name] !== '') params.set(name, filters[name])
  return params
}

/**
 * The auditor API's parameters for these filters on `gateway`: times as RFC 3339 (a time
 * without a zone is UTC), the PIN as the keyed hash the member's nodes log. A reason instead
 * when a field cannot be turned into a filter.
 */
export async function apiParams(
  gateway: SandboxGateway,
  filters: RecordFilters,
): Promise<URLSearchParams | { reason: string }> {
  const params = new URLSearchParams()
  for (const name of ['client', 'service', 'userId'] as const) {
    if (filters[name] !== '') params.set(name, filters[name])
  }
  if (filters.xRoadId !== '') {
    if (!isMessageId(filters.xRoadId)) {
      return { reason: 'An X-Road-Id is 1–128 printable characters without spaces.' }
    }
    params.set('xRoadId', filters.xRoadId)
  }
  if (filters.status !== '') {
    if (!/^[1-5](\d\d|xx)$/.test(filters.status)) {
      return { reason: 'The status is a code (403) or a class (4xx).' }
    }
    params.set('status', filters.status)
  }
  for (const name of ['from', 'to'] as const) {
    if (filters[name] === '') continue
    const time = rfc3339(filters[name])
    if (time === undefined) return { reason: `“${name}” is not a time (2026-01-31T12:00).` }
    params.set(name, time)
  }
  if (filters.pin !== '') {
    if (!isPin(filters.pin)) return { reason: 'A PIN has 14 digits and starts with 1 or 2.' }
    const hash = await subjectHash(gateway, filters.pin)
    if (hash === undefined) {
      return {
        reason: 'The member’s data-tracker key cannot be read, so the PIN cannot be looked up.',
      }
    }
    params.set('dataSubject', hash)
  }
  return params
}

function rfc3339(value: string): string | undefined {
  const local = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?$/.test(value)
  const ms = Date.parse(local ? `${value}Z` : value)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

/**
 * The PIN as the node's logs hold it: HMAC under its member's data-tracker key, which the
 * sandbox keeps beside the audit logs (`<dir>/tracker/`, `<dir>/audit/<node>`).
 */
async function subjectHash(gateway: SandboxGateway, pin: string): Promise<string | undefined> {
  const dir = resolve(gateway.auditDir, '..', '..')
  try {
    return hashDataSubject(await loadTrackerKey(trackerKeyFile(dir, gateway.memberId)), pin)
  } catch {
    return undefined
  }
}
