// Person search: query validation (fixed messages, never echoing input) and paged filtering.

import { isIsoDate, ProblemError, type Person } from '../shared/index.js'
import { INVALID_QUERY } from './problems.js'

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100
export const MAX_PAGE = 100_000
export const MAX_NAME_LENGTH = 64

const FILTERS = ['lastName', 'firstName', 'dateOfBirth'] as const
type Parameter = (typeof FILTERS)[number] | 'page' | 'limit'

export interface PersonQuery {
  lastName?: string
  firstName?: string
  dateOfBirth?: string
  page: number
  limit: number
}

export interface Page<T> {
  items: T[]
  page: number
  limit: number
  total: number
}

/** Validates the query; at least one filter is required, so the register cannot be enumerated. */
export function parsePersonQuery(queries: Record<string, string[]>): PersonQuery {
  const value = (name: Parameter): string | undefined => {
    const values = queries[name]
    if (values !== undefined && values.length > 1) invalid(`${name} must not be repeated`)
    return values?.[0]
  }
  const query: PersonQuery = {
    page: parseBounded(value('page'), 'page', 1, MAX_PAGE) ?? 1,
    limit: parseBounded(value('limit'), 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
  }
  for (const name of ['lastName', 'firstName'] as const) {
    const text = value(name)
    if (text === undefined) continue
    if (text.length < 1 || text.length > MAX_NAME_LENGTH) {
      invalid(`${name} must be 1 to ${MAX_NAME_LENGTH} characters`)
    }
    query[name] = text
  }
  const dateOfBirth = value('dateOfBirth')
  if (dateOfBirth !== undefined && !isIsoDate(dateOfBirth)) {
    invalid('dateOfBirth must be a calendar date (YYYY-MM-DD)')
  }
  if (dateOfBirth !== undefined) query.dateOfBirth = dateOfBirth
  if (FILTERS.every((name) => query[name] === undefined)) {
    invalid('at least one of lastName, firstName, dateOfBirth is required')
  }
  return query
}

/** Names match exactly, ignoring case; results keep register order, so pages are stable. */
export function searchPersons(persons: readonly Person[], query: PersonQuery): Page<Person> {
  const lastName = query.lastName?.toLowerCase()
  const firstName = query.firstName?.toLowerCase()
  const matches = persons.filter(
    (person) =>
      (lastName === undefined || person.lastName.toLowerCase() === lastName) &&
      (firstName === undefined || person.firstName.toLowerCase() === firstName) &&
      (query.dateOfBirth === undefined || person.dateOfBirth === query.dateOfBirth),
  )
  const start = (query.page - 1) * query.limit
  const items = matches.slice(start, start + query.limit)
  return { items, page: query.page, limit: query.limit, total: matches.length }
}

function parseBounded(text: string | undefined, name: string, min: number, max: number) {
  if (text === undefined) return undefined
  const number = /^[0-9]{1,7}$/.test(text) ? Number(text) : Number.NaN
  if (!(number >= min && number <= max)) invalid(`${name} must be an integer from ${min} to ${max}`)
  return number
}

function invalid(detail: string): never {
  throw new ProblemError({ ...INVALID_QUERY, detail })
}
