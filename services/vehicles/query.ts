// Query-string validation for registry lists: one value per parameter, bounded paging, pages.

import { ProblemError } from '../shared/index.js'
import { INVALID_QUERY } from './problems.js'

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100
export const MAX_PAGE = 100_000

export interface Paging {
  page: number
  limit: number
}

export interface Page<T> {
  items: T[]
  page: number
  limit: number
  total: number
}

/** Reads a parameter's single value; repeating a parameter is refused rather than guessed at. */
export type QueryReader = (name: string) => string | undefined

/**
 * Wraps `c.req.queries()` so each parameter is read once and never repeated.
 *
 * @example
 * const value = queryReader(c.req.queries())
 * const paging = parsePaging(value)
 */
export function queryReader(queries: Record<string, string[]>): QueryReader {
  return (name) => {
    const values = queries[name]
    if (values !== undefined && values.length > 1) invalidQuery(`${name} must not be repeated`)
    return values?.[0]
  }
}

/** `page` (from 1) and `limit` (1 to `MAX_LIMIT`), with their defaults. */
export function parsePaging(value: QueryReader): Paging {
  return {
    page: parseBounded(value('page'), 'page', 1, MAX_PAGE) ?? 1,
    limit: parseBounded(value('limit'), 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
  }
}

/** One page of matches; past the end it is empty, with the total still given. */
export function paginate<T>(matches: readonly T[], paging: Paging): Page<T> {
  const start = (paging.page - 1) * paging.limit
  const items = matches.slice(start, start + paging.limit)
  return { items, page: paging.page, limit: paging.limit, total: matches.length }
}

/** Throws `invalid-query` with a fixed detail (never the offending input). */
export function invalidQuery(detail: string): never {
  throw new ProblemError({ ...INVALID_QUERY, detail })
}

function parseBounded(text: string | undefined, name: string, min: number, max: number) {
  if (text === undefined) return undefined
  const number = /^[0-9]{1,7}$/.test(text) ? Number(text) : Number.NaN
  if (!(number >= min && number <= max)) {
    invalidQuery(`${name} must be an integer from ${min} to ${max}`)
  }
  return number
}
