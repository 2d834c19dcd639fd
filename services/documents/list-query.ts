// The query of `GET /certificates`: a holder's PIN (required), a type, and paging.

import { isPin, ProblemError } from '../shared/index.js'
import { CERTIFICATE_TYPES, type CertificateType } from './certificate.js'
import type { CertificateFilter } from './certificate-store.js'
import { INVALID_QUERY } from './problems.js'

export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100
export const MAX_PAGE = 100_000

/**
 * Validates the query with fixed messages that never echo the input; others are ignored.
 *
 * @example
 * parseCertificateQuery({ pin: ['22905199138381'], type: ['birth'] })
 */
export function parseCertificateQuery(queries: Record<string, string[]>): CertificateFilter {
  const value = (name: 'pin' | 'type' | 'page' | 'limit'): string | undefined => {
    const values = queries[name]
    if (values !== undefined && values.length > 1) invalid(`${name} must not be repeated`)
    return values?.[0]
  }
  const pin = value('pin')
  if (pin === undefined) invalid('pin is required')
  if (!isPin(pin)) invalid('pin must be a PIN (14 digits)')
  const type = value('type')
  if (type !== undefined && !isType(type))
    invalid(`type must be one of ${CERTIFICATE_TYPES.join(', ')}`)
  return {
    pin,
    ...(type === undefined ? {} : { type }),
    page: parseBounded(value('page'), 'page', MAX_PAGE) ?? 1,
    limit: parseBounded(value('limit'), 'limit', MAX_LIMIT) ?? DEFAULT_LIMIT,
  }
}

function isType(value: string): value is CertificateType {
  return (CERTIFICATE_TYPES as readonly string[]).includes(value)
}

function parseBounded(text: string | undefined, name: string, max: number): number | undefined {
  if (text === undefined) return undefined
  const number = /^[0-9]{1,7}$/.test(text) ? Number(text) : Number.NaN
  if (!(number >= 1 && number <= max)) invalid(`${name} must be an integer from 1 to ${max}`)
  return number
}

function invalid(detail: string): never {
  throw new ProblemError({ ...INVALID_QUERY, detail })
}
