// The in-memory index of who used a person's data: one time-ordered list per data-subject hash.
import type { Clock } from '../lib/clock.js'

/** One successful exchange about a person, as the provider's log recorded it. */
export interface UsageEntry {
  /** When the provider received the request, ms since the epoch. */
  at: number
  xRoadId: string
  /** The client subsystem, `KG/COM/10000001/kyc-app`. */
  client: string
  /** The provider's service, `KG/GOV/70000001/population/persons`. */
  service: string
  operation?: string
  purpose?: string
  /** The client was in the covert group when the exchange was logged. */
  covert: boolean
}

export interface UsageQuery {
  /** Auditors see covert access; citizens do not, until its embargo has passed. */
  includeCovert: boolean
  /** Only usages of this provider subsystem's services, `KG/GOV/70000001/population`. */
  subsystem?: string
  /** Inclusive bounds on `at`, ms. */
  fromMs?: number
  toMs?: number
  offset?: number
  limit?: number
}

export interface UsagePage {
  /** Every matching usage, regardless of offset and limit. */
  total: number
  /** Newest first. */
  usages: UsageEntry[]
}

export interface UsageIndexOptions {
  now: Clock
  /** How long a covert access stays hidden from citizens, ms (Infinity: for good). */
  embargoMs: number
  /** Whether a client is in the covert group now (membership may have changed since). */
  isCovert: (client: string) => boolean
}

export interface UsageIndex {
  add(subject: string, entry: UsageEntry): void
  list(subject: string, query: UsageQuery): UsagePage
  /** How many usages the index holds, all subjects together. */
  size(): number
}

/**
 * Creates an empty index. Entries arrive almost in time order (concurrent exchanges may finish
 * out of order), so an insert is a push or a short binary search, and a query walks one list.
 *
 * @example const index = createUsageIndex({ now: Date.now, embargoMs: 0, isCovert: () => false })
 */
export function createUsageIndex(options: UsageIndexOptions): UsageIndex {
  const bySubject = new Map<string, UsageEntry[]>()
  let size = 0
  return {
    add(subject, entry) {
      const list = bySubject.get(subject)
      if (list) list.splice(insertionPoint(list, entry.at), 0, entry)
      else bySubject.set(subject, [entry])
      size++
    },
    list(subject, query) {
      const list = bySubject.get(subject) ?? []
      const visible = visibility(options, query)
      const offset = query.offset ?? 0
      const end = offset + (query.limit ?? Infinity)
      const usages: UsageEntry[] = []
      let total = 0
      for (let i = list.length - 1; i >= 0; i--) {
        const entry = list[i]!
        if (!visible(entry)) continue
        if (total >= offset && total < end) usages.push(entry)
        total++
      }
      return { total, usages }
    },
    size: () => size,
  }
}

/** The filter of one query: period, subsystem and (for citizens) the covert-access embargo. */
function visibility(options: UsageIndexOptions, query: UsageQuery): (e: UsageEntry) => boolean {
  const now = options.now()
  const prefix = query.subsystem === undefined ? undefined : query.subsystem + '/'
  return (e) => {
    if (query.fromMs !== undefined && e.at < query.fromMs) return false
    if (query.toMs !== undefined && e.at > query.toMs) return false
    if (prefix !== undefined && !e.service.startsWith(prefix)) return false
    if (query.includeCovert || now >= e.at + options.embargoMs) return true
    return !e.covert && !options.isCovert(e.client)
  }
}

/** After the last entry not later than `at`: equal times keep their arrival order. */
function insertionPoint(list: UsageEntry[], at: number): number {
  let low = 0
  let high = list.length
  if (high > 0 && list[high - 1]!.at <= at) return high
  while (low < high) {
    const mid = (low + high) >>> 1
    if (list[mid]!.at <= at) low = mid + 1
    else high = mid
  }
  return low
}
