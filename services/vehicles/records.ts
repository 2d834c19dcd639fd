// The vehicles register's records: a registered vehicle and a driving licence.

import type { VehicleCategory } from './catalogue.js'

export type VehicleStatus = 'registered' | 'deregistered' | 'stolen'
export type LicenceStatus = 'valid' | 'expired' | 'suspended'

/** Licence categories in the order a licence lists them. */
export const LICENCE_CATEGORIES = ['A', 'B', 'BE', 'C', 'CE', 'D', 'DE'] as const
export type LicenceCategory = (typeof LICENCE_CATEGORIES)[number]

export interface Vehicle {
  /** Canonical plate, `01KG123ABC` (see `PLATE_PATTERN`). */
  readonly plate: string
  readonly vin: string
  readonly make: string
  readonly model: string
  readonly year: number
  readonly colour: string
  readonly category: VehicleCategory
  /** PIN of the registered owner, a person in the population register. */
  readonly ownerPin: string
  /** Date the current registration began (`YYYY-MM-DD`). */
  readonly registeredAt: string
  readonly status: VehicleStatus
}

export interface DrivingLicence {
  readonly pin: string
  readonly licenceNumber: string
  readonly categories: readonly LicenceCategory[]
  readonly issuedAt: string
  readonly validUntil: string
  readonly status: LicenceStatus
}

/** The whole register, derived from a population and a seed. */
export interface VehicleRegister {
  /** Vehicles in register order (their owners' order in the population). */
  readonly vehicles: readonly Vehicle[]
  readonly byPlate: ReadonlyMap<string, Vehicle>
  readonly byOwner: ReadonlyMap<string, readonly Vehicle[]>
  readonly licences: readonly DrivingLicence[]
  readonly licenceByPin: ReadonlyMap<string, DrivingLicence>
}
