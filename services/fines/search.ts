// A person's fines: query validation (the PIN is required) and paging, newest first.

import { isPin } from '../shared/index.js'
import {
  invalidQuery,
  paginate,
  parsePaging,
  queryReader,
  type Page,
  type Paging,
} from '../vehicles/index.js'
import type { FineLedger } from './fine-ledger.js'
import { FINE_STATUSES, type Fine, type FineStatus } from './records.js'

export interface FineQuery extends Paging {
  pin: string
  status?: FineStatus
}

/** `pin` is required: fines are listed per person, never across the register. */
export function parseFineQuery(queries: Record<string, string[]>): FineQuery {
  const value = queryReader(queries)
  const paging = parsePaging(value)
  const pin = value('pin')
  if (pin === undefined) invalidQuery('pin is required')
  if (!isPin(pin)) invalidQuery('pin must be a 14-digit PIN')
  const status = value('status')
  const known = FINE_STATUSES.find((candidate) => candidate === status)
  if (status !== undefined && known === undefined) {
    invalidQuery(`status must be one of ${FINE_STATUSES.join(', ')}`)
  }
  return known === undefined ? { ...paging, pin } : { ...paging, pin, status: known }
}

export function searchFines(ledger: FineLedger, query: FineQuery): Page<Fine> {
  const fines = ledger.finesOf(query.pin)
  const matches = fines.filter((fine) => query.status === undefined || fine.status === query.status)
  return paginate(matches, query)
}
