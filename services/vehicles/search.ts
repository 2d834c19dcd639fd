// Vehicle and licence lists: filter validation (a filter is required) and register-order paging.

import { isPin } from '../shared/index.js'
import {
  paginate,
  parsePaging,
  queryReader,
  invalidQuery,
  type Page,
  type Paging,
} from './query.js'
import { LICENCE_CATEGORIES, type DrivingLicence, type LicenceCategory } from './records.js'
import type { LicenceStatus, Vehicle } from './records.js'

export const MAX_MAKE_LENGTH = 32
export const LICENCE_STATUSES: readonly LicenceStatus[] = ['valid', 'expired', 'suspended']

export interface VehicleQuery extends Paging {
  ownerPin?: string
  make?: string
}

export interface LicenceQuery extends Paging {
  category: LicenceCategory
  status?: LicenceStatus
}

/** At least one of `ownerPin`, `make` is required, so the register cannot be listed whole. */
export function parseVehicleQuery(queries: Record<string, string[]>): VehicleQuery {
  const value = queryReader(queries)
  const query: VehicleQuery = parsePaging(value)
  const ownerPin = value('ownerPin')
  if (ownerPin !== undefined && !isPin(ownerPin)) invalidQuery('ownerPin must be a 14-digit PIN')
  if (ownerPin !== undefined) query.ownerPin = ownerPin
  const make = value('make')
  if (make !== undefined && (make.length < 1 || make.length > MAX_MAKE_LENGTH)) {
    invalidQuery(`make must be 1 to ${MAX_MAKE_LENGTH} characters`)
  }
  if (make !== undefined) query.make = make
  if (query.ownerPin === undefined && query.make === undefined) {
    invalidQuery('at least one of ownerPin, make is required')
  }
  return query
}

/** The make matches exactly, ignoring case; an owner's vehicles come from the owner index. */
export function searchVehicles(
  vehicles: readonly Vehicle[],
  byOwner: ReadonlyMap<string, readonly Vehicle[]>,
  query: VehicleQuery,
): Page<Vehicle> {
  const make = query.make?.toLowerCase()
  const candidates = query.ownerPin === undefined ? vehicles : (byOwner.get(query.ownerPin) ?? [])
  const matches = candidates.filter(
    (vehicle) => make === undefined || vehicle.make.toLowerCase() === make,
  )
  return paginate(matches, query)
}

/** `category` is required; `status` optionally narrows the list. */
export function parseLicenceQuery(queries: Record<string, string[]>): LicenceQuery {
  const value = queryReader(queries)
  const paging = parsePaging(value)
  const category = LICENCE_CATEGORIES.find((known) => known === value('category'))
  if (category === undefined)
    invalidQuery(`category must be one of ${LICENCE_CATEGORIES.join(', ')}`)
  const status = value('status')
  const known = LICENCE_STATUSES.find((candidate) => candidate === status)
  if (status !== undefined && known === undefined) {
    invalidQuery(`status must be one of ${LICENCE_STATUSES.join(', ')}`)
  }
  return known === undefined ? { ...paging, category } : { ...paging, category, status: known }
}

export function searchLicences(
  licences: readonly DrivingLicence[],
  query: LicenceQuery,
): Page<DrivingLicence> {
  const matches = licences.filter(
    (licence) =>
      licence.categories.includes(query.category) &&
      (query.status === undefined || licence.status === query.status),
  )
  return paginate(matches, query)
}
