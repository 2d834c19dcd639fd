// The records of the businesses and tax register: a business, its officers, its tax standing.

import type { Address } from '../shared/index.js'

/** LLC (OsOO / ZhChK), joint-stock company (AO) or individual entrepreneur (IP / JI). */
export type LegalForm = 'LLC' | 'JSC' | 'IE'

export type BusinessStatus = 'active' | 'liquidated' | 'suspended'

/** A founder (participant) holds a share; a director manages. One person may be both. */
export type DirectorRole = 'director' | 'founder'

export interface Director {
  readonly pin: string
  readonly role: DirectorRole
  /** Date the person took the role. */
  readonly since: string
}

export interface Activity {
  /** OKED class code, `NN.NN`. */
  readonly code: string
  readonly description: string
}

/** One entry of the register, as `GET /businesses/{tin}` answers it. */
export interface Business {
  readonly tin: string
  readonly name: string
  readonly legalForm: LegalForm
  readonly registeredAt: string
  readonly status: BusinessStatus
  readonly liquidatedAt: string | null
  readonly address: Address
  readonly activity: Activity
  readonly directors: readonly Director[]
  readonly employees: number
}

export type TaxStanding = 'good-standing' | 'arrears' | 'blocked'

/** The tax service's view of a business, as of the register's reference date. */
export interface TaxStatus {
  readonly tin: string
  readonly hasDebt: boolean
  /** Outstanding tax debt in KGS (som), two decimals. */
  readonly debtAmount: number
  /** Last month a return was filed for (`YYYY-MM`); null when none was due yet. */
  readonly lastFiledPeriod: string | null
  readonly status: TaxStanding
  readonly checkedAt: string
}
