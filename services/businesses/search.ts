// Business search: query validation (fixed messages, never echoing input) and paged filtering.

import { isPin, ProblemError } from '../shared/index.js'
import type { Business, BusinessStatus } from './business.js'
import { INVALID_QUERY } from './problems.js'

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100
export const MAX_PAGE = 100_000
export const MAX_NAME_LENGTH = 64
export const BUSINESS_STATUSES: readonly BusinessStatus[] = ['active', 'liquidated', 'suspended']

const FILTERS = ['name', 'directorPin', 'status'] as const
type Parameter = (typeof FILTERS)[number] | 'page' | 'limit'

export interface BusinessQuery {
  name?: string
  directorPin?: string
  status?: BusinessStatus
  page: number
  limit: number
}

export interface Page<T> {
  items: T[]
  page: number
  limit: number
  total: number
}

/** Validates the query; at least one filter is required, as in the population register. */
export function parseBusinessQuery(queries: Record<string, string[]>): BusinessQuery {
  const value = (name: Parameter): string | undefined => {
    const values = queries[name]
    if (values !== undefined && values.length > 1) invalid(`${name} must not be repeated`)
    return values?.[0]
  }
  const query: BusinessQuery = {
    page: parseBounded(value('page'), 'page', 1, MAX_PAGE) ?? 1,
    limit: parseBounded(value('limit'), 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
  }
  const name = value('name')
  if (name !== undefined && (name.length < 1 || name.length > MAX_NAME_LENGTH)) {
    invalid(`name must be 1 to ${MAX_NAME_LENGTH} characters`)
  }
  if (name !== undefined) query.name = name
  const directorPin = value('directorPin')
  if (directorPin !== undefined && !isPin(directorPin)) {
    invalid('directorPin must be a PIN: 14 digits starting with 1 or 2')
  }
  if (directorPin !== undefined) query.directorPin = directorPin
  const status = value('status')
  if (status !== undefined && !isStatus(status)) {
    invalid(`status must be one of ${BUSINESS_STATUSES.join(', ')}`)
  }
  if (status !== undefined) query.status = status
  if (FILTERS.every((filter) => query[filter] === undefined)) {
    invalid(`at least one of ${FILTERS.join(', ')} is required`)
  }
  return query
}

/**
 * Names match by substring, ignoring case; `directorPin` matches directors and founders alike.
 * Results keep register order, so pages are stable.
 */
export function searchBusinesses(
  businesses: readonly Business[],
  query: BusinessQuery,
): Page<Business> {
  const name = query.name?.toLowerCase()
  const matches = businesses.filter(
    (business) =>
      (name === undefined || business.name.toLowerCase().includes(name)) &&
      (query.status === undefined || business.status === query.status) &&
      (query.directorPin === undefined ||
        business.directors.some((director) => director.pin === query.directorPin)),
  )
  const start = (query.page - 1) * query.limit
  const items = matches.slice(start, start + query.limit)
  return { items, page: query.page, limit: query.limit, total: matches.length }
}

/** Narrows a query value to the status union after checking it against the allow-list. */
function isStatus(value: string): value is BusinessStatus {
  return (BUSINESS_STATUSES as readonly string[]).includes(value)
}

/** Digits only (no signs, exponents or fractions), within the documented bounds. */
function parseBounded(text: string | undefined, name: string, min: number, max: number) {
  if (text === undefined) return undefined
  const number = /^[0-9]{1,7}$/.test(text) ? Number(text) : Number.NaN
  if (!(number >= min && number <= max)) invalid(`${name} must be an integer from ${min} to ${max}`)
  return number
}

/** The detail is fixed text naming the rule, never the offending input. */
function invalid(detail: string): never {
  throw new ProblemError({ ...INVALID_QUERY, detail })
}
