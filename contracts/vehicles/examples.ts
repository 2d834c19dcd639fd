// Example values for the vehicles contract, taken from the default synthetic population.

import { DEMO_PIN } from '../../services/shared/index.js'

/** The demo citizen: owns a motorcycle and a van, and holds an A, B, C licence. */
export const EXAMPLE_PIN = DEMO_PIN
export const EXAMPLE_PLATE = '01KG509BAM'

export const EXAMPLE_VEHICLE = {
  plate: EXAMPLE_PLATE,
  vin: 'JHMEEL6Y28U726824',
  make: 'Honda',
  model: 'CB400',
  year: 2008,
  colour: 'silver',
  category: 'A',
  ownerPin: EXAMPLE_PIN,
  registeredAt: '2011-12-18',
  status: 'registered',
}

/** `GET /vehicles?ownerPin=22905199138381&make=Honda` */
export const EXAMPLE_VEHICLE_SEARCH = { ownerPin: EXAMPLE_PIN, make: 'Honda' }
export const EXAMPLE_VEHICLE_PAGE = { items: [EXAMPLE_VEHICLE], page: 1, limit: 20, total: 1 }

export const EXAMPLE_LICENCE = {
  pin: EXAMPLE_PIN,
  licenceNumber: 'KG7714183',
  categories: ['A', 'B', 'C'],
  issuedAt: '2016-04-19',
  validUntil: '2026-04-18',
  status: 'valid',
}

/** `GET /licences?category=D&status=expired` */
export const EXAMPLE_LICENCE_SEARCH = { category: 'D', status: 'expired' }
export const EXAMPLE_LICENCE_PAGE = {
  items: [
    {
      pin: '21708197286577',
      licenceNumber: 'KG2230981',
      categories: ['B', 'D'],
      issuedAt: '2011-08-06',
      validUntil: '2021-08-05',
      status: 'expired',
    },
    {
      pin: '10902199146179',
      licenceNumber: 'KG3075160',
      categories: ['A', 'B', 'D'],
      issuedAt: '2012-01-27',
      validUntil: '2022-01-26',
      status: 'expired',
    },
  ],
  page: 1,
  limit: 20,
  total: 2,
}
