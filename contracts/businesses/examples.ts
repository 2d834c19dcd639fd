// Example values for the businesses contract, taken from the default synthetic register.

import { DEMO_PIN } from '../../services/shared/index.js'

/** An active LLC the demo person has directed since 2024, with three founders on record. */
export const EXAMPLE_TIN = '02212202388784'

const director = (pin: string, role: 'director' | 'founder', since: string) => ({
  pin,
  role,
  since,
})

const [DIRECTOR, FOUNDER_1, FOUNDER_2, FOUNDER_3] = [
  director(DEMO_PIN, 'director', '2024-05-30'),
  director('10112200461528', 'founder', '2023-12-22'),
  director('12709197671860', 'founder', '2023-12-22'),
  director('22309198978522', 'founder', '2023-12-22'),
] as const

export const EXAMPLE_BUSINESS = {
  tin: EXAMPLE_TIN,
  name: 'Chui Moda LLC',
  legalForm: 'LLC',
  registeredAt: '2023-12-22',
  status: 'active',
  liquidatedAt: null,
  address: {
    region: 'Osh',
    city: 'Osh',
    street: 'Alykulov Street',
    house: '147',
    apartment: '438',
  },
  activity: { code: '47.71', description: 'Retail sale of clothing in specialised stores' },
  directors: [DIRECTOR, FOUNDER_1, FOUNDER_2, FOUNDER_3],
  employees: 3,
}

/** A director entry with the name the population register holds for the person. */
const named = (
  entry: ReturnType<typeof director>,
  lastName: string,
  firstName: string,
  patronymic: string | null,
) => ({ pin: entry.pin, lastName, firstName, patronymic, role: entry.role, since: entry.since })

export const EXAMPLE_DIRECTORS = {
  tin: EXAMPLE_TIN,
  directors: [
    named(DIRECTOR, 'Abdrakhmanov', 'Beksultan', 'Zhoomartovich'),
    named(FOUNDER_1, 'Baiserkeeva', 'Aisuluu', 'Emilovna'),
    named(FOUNDER_2, 'Osmonova', 'Elina', 'Azamatovna'),
    named(FOUNDER_3, 'Timur uulu', 'Arstan', null),
  ],
}

export const EXAMPLE_TAX_STATUS = {
  tin: EXAMPLE_TIN,
  hasDebt: false,
  debtAmount: 0,
  lastFiledPeriod: '2024-11',
  status: 'good-standing',
  checkedAt: '2025-01-01T00:00:00Z',
}

/** `GET /businesses?name=llc&directorPin=…&status=active`: the demo person’s trading LLCs. */
export const EXAMPLE_SEARCH = { name: 'llc', directorPin: DEMO_PIN, status: 'active' }

export const EXAMPLE_PAGE = {
  items: [
    {
      tin: '02306201381136',
      name: 'Kelechek Agro LLC',
      legalForm: 'LLC',
      status: 'active',
      registeredAt: '2013-06-23',
    },
    {
      tin: EXAMPLE_TIN,
      name: 'Chui Moda LLC',
      legalForm: 'LLC',
      status: 'active',
      registeredAt: '2023-12-22',
    },
  ],
  page: 1,
  limit: 20,
  total: 2,
}
