// The provider's data tracker (docs/design.md §5): hashes data subjects, indexes usage, answers findUsage.
import type { AuditRecordInput } from '../audit/index.js'
import type { DirectoryView } from '../directory/index.js'
import { isMetaservice, parseServiceId } from '../identifiers/index.js'
import { systemClock, type Clock } from '../lib/clock.js'
import { GatewayError } from '../lib/errors.js'
import type { ServiceEndpoint } from '../publication/index.js'
import {
  answerUsageRequest,
  FIND_USAGE_SERVICE_CODE,
  requestingPerson,
  type UsageRequest,
} from './find-usage.js'
import { isPin, personCodeOf } from './person-code.js'
import { subjectRedactor } from './redact-subject.js'
import { hashDataSubject } from './tracker-key.js'
import {
  trackBody,
  trackPersonCodes,
  trackRequest,
  type RequestToTrack,
  type TrackedRequest,
} from './track-request.js'
import {
  createUsageIndex,
  type UsageEntry,
  type UsagePage,
  type UsageQuery,
} from './usage-index.js'

const DAY_MS = 24 * 60 * 60 * 1000
const USAGE_OPERATIONS = new Set(['findUsage', 'usagePeriod', 'heartbeat'])

export interface DataTrackerOptions {
  /** The member's tracker key; without one no data subject is recorded and findUsage is absent. */
  key?: Uint8Array
  /** The directory view to read member names and the covert group from. */
  directory: () => DirectoryView
  /** Code of the global group whose access is withheld from citizens during the embargo. */
  covertGroup?: string
  /** Days a covert access stays hidden from citizens; for good when a group but no days is set. */
  embargoDays?: number
  now?: Clock
}

export interface DataTracker {
  /** True when the member has a tracker key. */
  readonly enabled: boolean
  /** The keyed hash of a PIN, as the log stores it (auditors query by it). */
  subjectHash(pin: string): string | undefined
  /** Notes operation, purpose and a path or query data subject (before any check may fail). */
  trackRequest(endpoints: ServiceEndpoint[], request: RequestToTrack): TrackedRequest | undefined
  /** Whether a client is in the covert group now: the provider stores it in the record it logs. */
  isCovert(client: string): boolean
  /** Adds a data subject named in the JSON body, once the body is read. */
  trackBody(tracked: TrackedRequest, contentType: string | undefined, body: Uint8Array): void
  /** The last word before a record is written: no personal code of the request stays plain. */
  trackPersonCodes(tracked: TrackedRequest | undefined, request: RequestToTrack): TrackedRequest
  /** What to log for a findUsage request: the asking citizen as a hash, never the plain PIN. */
  trackLookup(request: UsageRequest): TrackedRequest
  /** Answers a findUsage request for one of this member's subsystems. */
  answer(request: UsageRequest): unknown
  /** Indexes a record once it is durable in the log. */
  observe(record: AuditRecordInput): void
  /** Indexes a log's records at start-up; a log directory that does not exist yet is empty. */
  rebuild(records: AsyncIterable<AuditRecordInput>): Promise<void>
  /** Successful exchanges about a person, newest first; covert ones only with `includeCovert`. */
  listUsages(subjectHash: string, query: UsageQuery): UsagePage
  /** The span the message log covers. */
  usagePeriod(): { periodStart: string; periodEnd?: string }
}

/**
 * Creates a tracker with an empty index; call `rebuild` with the log's records before serving.
 * A bad option is a configuration mistake and throws a TypeError.
 *
 * @example
 * const directory = () => client.held()
 * const tracker = createDataTracker({ key, directory, covertGroup: 'security', embargoDays: 365 })
 * await tracker.rebuild(readAuditRecords(config.audit.dir))
 */
export function createDataTracker(options: DataTrackerOptions): DataTracker {
  checkOptions(options)
  const now = options.now ?? systemClock
  const key = options.key
  const hash = key && ((pin: string) => hashDataSubject(key, pin))
  const isCovert = covertMembership(options)
  const index = createUsageIndex({ now, embargoMs: embargoMs(options), isCovert })
  const period = { startedAt: now(), firstAt: undefined as number | undefined }
  const source = {
    subjectHash: (pin: string) => hash!(pin),
    listUsages: index.list,
    usagePeriod: () => ({
      periodStart: new Date(period.firstAt ?? period.startedAt).toISOString(),
    }),
    memberName: (id: string) => options.directory().member(id)?.name,
  }
  const observe = (record: AuditRecordInput): void => {
    const at = Date.parse(record.timings.receivedAt)
    if (period.firstAt === undefined || at < period.firstAt) period.firstAt = at
    if (isUsage(record)) index.add(record.dataSubject!, usageEntry(record, at, isCovert))
  }
  return {
    enabled: hash !== undefined,
    subjectHash: (pin) => hash?.(pin),
    trackRequest: (endpoints, request) => trackRequest(endpoints, request, hash),
    isCovert,
    trackBody: (tracked, contentType, body) => trackBody(tracked, contentType, body, hash),
    trackPersonCodes: (tracked, request) => trackPersonCodes(tracked, request, hash),
    trackLookup: (request) => trackLookup(request, hash),
    answer(request) {
      if (!hash) throw new GatewayError('server.serverproxy.unknown_service')
      return answerUsageRequest(source, request)
    },
    observe,
    rebuild: (records) => rebuild(records, observe),
    listUsages: index.list,
    usagePeriod: source.usagePeriod,
  }
}

function usageEntry(
  record: AuditRecordInput,
  at: number,
  isCovert: (client: string) => boolean,
): UsageEntry {
  return {
    at,
    xRoadId: record.xRoadId,
    client: record.client,
    service: record.service,
    operation: record.operation,
    purpose: record.purpose,
    // The flag stored at log time decides; a record without one (older logs) goes by the group.
    covert: record.covert === true || isCovert(record.client),
  }
}

/** A usage is a provider-side success about a person; the tracker's own lookups are not one. */
function isUsage(record: AuditRecordInput): boolean {
  if (record.side !== 'provider' || record.dataSubject === undefined) return false
  if (record.status < 200 || record.status > 299) return false
  const service = parseServiceId(record.service)
  return service !== undefined && !isMetaservice(service.serviceCode)
}

/** The asker (`X-Road-UserId`) is the lookup's data subject; no PIN it names is logged plain. */
function trackLookup(
  request: UsageRequest,
  hash: ((pin: string) => string) | undefined,
): TrackedRequest {
  const operation = request.path.split('/').at(-1) ?? ''
  const asked = new URLSearchParams(request.query).getAll('userCode')
  const person = requestingPerson(request)
  const pins = [person, ...asked.map((code) => personCodeOf(code, true))].filter(isPin)
  return {
    operation: USAGE_OPERATIONS.has(operation) ? operation : FIND_USAGE_SERVICE_CODE,
    dataSubject: pins[0] === undefined ? undefined : hash?.(pins[0]),
    redact: pins.length === 0 ? undefined : subjectRedactor(...pins),
  }
}

async function rebuild(
  records: AsyncIterable<AuditRecordInput>,
  observe: (record: AuditRecordInput) => void,
): Promise<void> {
  try {
    for await (const record of records) observe(record)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
}

/** Membership of the covert group in the current directory, computed once per directory view. */
function covertMembership(options: DataTrackerOptions): (client: string) => boolean {
  const group = options.covertGroup
  if (group === undefined) return () => false
  const cache = new WeakMap<DirectoryView, Set<string>>()
  return (client) => {
    const view = options.directory()
    let members = cache.get(view)
    if (!members) {
      const entry = view.document.globalGroups.find((g) => g.code === group)
      members = new Set(entry?.members ?? [])
      cache.set(view, members)
    }
    return members.has(client)
  }
}

/**
 * Applies to records flagged covert whether or not a group is still configured: removing the
 * group from the config must not reveal what was logged while it was set.
 */
function embargoMs(options: DataTrackerOptions): number {
  return options.embargoDays === undefined ? Infinity : options.embargoDays * DAY_MS
}

function checkOptions(options: DataTrackerOptions): void {
  if (typeof options?.directory !== 'function') {
    throw new TypeError('createDataTracker: options.directory must return the directory view')
  }
  if (options.key !== undefined && options.key.byteLength < 32) {
    throw new TypeError('createDataTracker: options.key must be at least 32 bytes')
  }
  const days = options.embargoDays
  if (days !== undefined && !(Number.isFinite(days) && days >= 0)) {
    throw new TypeError('createDataTracker: options.embargoDays must be a number ≥ 0')
  }
  if (options.covertGroup !== undefined && options.covertGroup === '') {
    throw new TypeError('createDataTracker: options.covertGroup must be a group code')
  }
}
