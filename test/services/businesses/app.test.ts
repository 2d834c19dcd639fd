// The businesses register through its real Hono app: lookups, search, officers, tax, determinism.

import { describe, expect, it } from 'vitest'
import {
  createBusinessesApp,
  createBusinessRegister,
  type Business,
  type BusinessSummary,
  type DirectorsView,
  type Page,
  type TaxStatus,
} from '#services/businesses/index.js'
import {
  ageOn,
  DEMO_PIN,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
} from '#services/shared/index.js'

const app = createBusinessesApp()
const register = createBusinessRegister()
const { businesses, population } = register

interface Answer<T> {
  status: number
  type: string
  body: T
}

/** Calls the app; the body type is the test's expectation, checked by the assertions. */
async function get<T = ProblemDetails>(path: string, target = app): Promise<Answer<T>> {
  const res = await target.request(path)
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (await res.json()) as T,
  }
}

function expectProblem(res: Answer<ProblemDetails>, status: number, code?: string): void {
  expect(res.status).toBe(status)
  expect(res.type).toBe(PROBLEM_CONTENT_TYPE)
  expect(res.body.status).toBe(status)
  expect(res.body.type).toBe(
    code === undefined ? 'about:blank' : `tag:kopuro.dev,2025:problem/${code}`,
  )
  expect(res.body.instance).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
}

const find = (predicate: (business: Business) => boolean): Business => {
  const business = businesses.find(predicate)
  if (business === undefined) throw new Error('no such business in the default register')
  return business
}
const company = find(
  (b) => b.legalForm === 'LLC' && b.status === 'active' && b.directors.length > 2,
)
const entrepreneur = find((b) => b.legalForm === 'IE')
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe('the register', () => {
  it('holds about 400 businesses with unique TINs and company names', () => {
    expect(businesses.length).toBe(400)
    expect(new Set(businesses.map((b) => b.tin)).size).toBe(400)
    const companies = businesses.filter((b) => b.legalForm !== 'IE').map((b) => b.name)
    expect(new Set(companies).size).toBe(companies.length)
  })

  it('gives a legal entity 0 + registration date DDMMYYYY + serial, an IE its owner’s PIN', () => {
    for (const business of businesses) {
      if (business.legalForm === 'IE') {
        expect(business.tin).toBe(business.directors[0]?.pin)
        continue
      }
      const [year, month, day] = business.registeredAt.split('-')
      expect(business.tin).toMatch(new RegExp(`^0${day}${month}${year}[0-9]{5}$`))
    }
  })

  it('lists only adult persons of the population register as directors and founders', () => {
    for (const business of businesses) {
      expect(business.directors.filter((d) => d.role === 'director')).toHaveLength(1)
      for (const { pin, since } of business.directors) {
        const person = population.byPin.get(pin)
        expect(person, `${business.tin}: ${pin}`).toBeDefined()
        expect(person?.status).toBe('alive')
        expect(ageOn(person!.dateOfBirth, since)).toBeGreaterThanOrEqual(18)
        expect(since >= business.registeredAt).toBe(true)
      }
    }
  })

  it('is run by about a tenth of the living adults', () => {
    const adults = population.persons.filter(
      (p) => p.status === 'alive' && ageOn(p.dateOfBirth, population.referenceDate) >= 18,
    )
    const involved = new Set(businesses.flatMap((b) => b.directors.map((d) => d.pin)))
    expect(involved.size / adults.length).toBeGreaterThan(0.07)
    expect(involved.size / adults.length).toBeLessThan(0.13)
  })

  it('dates liquidations after registration and keeps no staff on closed businesses', () => {
    for (const business of businesses) {
      expect(business.liquidatedAt !== null).toBe(business.status === 'liquidated')
      if (business.liquidatedAt !== null) {
        expect(business.liquidatedAt > business.registeredAt).toBe(true)
      }
      if (business.status !== 'active') expect(business.employees).toBe(0)
      expect(business.registeredAt < population.referenceDate).toBe(true)
    }
  })
})

describe('GET /businesses/{tin}', () => {
  it('returns the whole register entry', async () => {
    const res = await get<Business>(`/businesses/${company.tin}`)
    expect(res.status).toBe(200)
    expect(res.type).toMatch(/^application\/json/)
    expect(res.body).toEqual(plain(company))
  })

  it('finds an individual entrepreneur by the owner’s PIN, at the owner’s address', async () => {
    const { body } = await get<Business>(`/businesses/${entrepreneur.tin}`)
    const owner = population.byPin.get(entrepreneur.tin)
    expect(body.name).toBe(`IE ${owner?.lastName} ${owner?.firstName}`)
    const { registeredSince: _since, ...address } = owner!.address
    expect(body.address).toEqual(address)
  })

  it.each(['123', '0230620138113', '023062013811361', '32905199138381', 'abcdefghijklmn', '%20'])(
    'rejects the malformed TIN %s with 400 invalid-tin',
    async (tin) => expectProblem(await get(`/businesses/${tin}`), 400, 'invalid-tin'),
  )

  it('answers 404 business-not-found for an unknown TIN, without echoing it', async () => {
    for (const suffix of ['', '/directors', '/tax-status']) {
      const res = await get(`/businesses/09999999999999${suffix}`)
      expectProblem(res, 404, 'business-not-found')
      expect(JSON.stringify(res.body)).not.toContain('09999999999999')
    }
  })

  it('answers 404 for a person who does not trade as an entrepreneur', async () => {
    const nonTrader = population.persons.find((p) => !register.byTin.has(p.pin))
    expectProblem(await get(`/businesses/${nonTrader?.pin}`), 404, 'business-not-found')
  })
})

describe('GET /businesses/{tin}/directors', () => {
  it('names the director first, then the founders', async () => {
    const { status, body } = await get<DirectorsView>(`/businesses/${company.tin}/directors`)
    expect(status).toBe(200)
    expect(body.tin).toBe(company.tin)
    expect(body.directors.map(({ pin, role, since }) => ({ pin, role, since }))).toEqual(
      plain(company.directors),
    )
    expect(body.directors[0]?.role).toBe('director')
    for (const director of body.directors) {
      const person = population.byPin.get(director.pin)
      expect(director).toMatchObject({ lastName: person?.lastName, firstName: person?.firstName })
    }
  })
})

describe('GET /businesses/{tin}/tax-status', () => {
  it('reports debt consistently with the standing', async () => {
    for (const business of businesses.slice(0, 120)) {
      const { status, body } = await get<TaxStatus>(`/businesses/${business.tin}/tax-status`)
      expect(status).toBe(200)
      expect(body.tin).toBe(business.tin)
      expect(body.hasDebt).toBe(body.debtAmount > 0)
      expect(body.hasDebt).toBe(body.status !== 'good-standing')
      expect(body.checkedAt).toBe('2025-01-01T00:00:00Z')
      if (body.lastFiledPeriod !== null) {
        expect(body.lastFiledPeriod >= business.registeredAt.slice(0, 7)).toBe(true)
      }
      if (business.status === 'liquidated') expect(body.status).toBe('good-standing')
    }
  })

  it('has businesses in every standing', () => {
    const standings = new Set([...register.taxByTin.values()].map((t) => t.status))
    expect([...standings].sort()).toEqual(['arrears', 'blocked', 'good-standing'])
  })
})

describe('GET /businesses (search)', () => {
  const search = (query: string, target = app) =>
    get<Page<BusinessSummary>>(`/businesses?${query}`, target)

  it('matches names by substring, ignoring case, as summaries', async () => {
    const part = company.name.split(' ')[0]!.toUpperCase()
    const all = businesses.filter((b) => b.name.toLowerCase().includes(part.toLowerCase()))
    const res = await search(`name=${encodeURIComponent(part)}&limit=100`)
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(all.length)
    expect(res.body.items.map((s) => s.tin)).toEqual(all.map((b) => b.tin))
    expect(Object.keys(res.body.items[0] ?? {}).sort()).toEqual(
      ['tin', 'name', 'legalForm', 'status', 'registeredAt'].sort(),
    )
  })

  it('finds a person’s businesses as director or founder', async () => {
    const founder = company.directors.find((d) => d.role === 'founder')!.pin
    const all = businesses.filter((b) => b.directors.some((d) => d.pin === founder))
    const res = await search(`directorPin=${founder}&limit=100`)
    expect(res.body.items.map((s) => s.tin)).toEqual(all.map((b) => b.tin))
    expect(res.body.items.map((s) => s.tin)).toContain(company.tin)
  })

  it('the demo person directs an active business', async () => {
    const res = await search(`directorPin=${DEMO_PIN}&status=active`)
    expect(res.body.total).toBeGreaterThan(0)
    const directed = res.body.items.filter((s) =>
      register.byTin.get(s.tin)?.directors.some((d) => d.pin === DEMO_PIN && d.role === 'director'),
    )
    expect(directed.length).toBeGreaterThan(0)
  })

  it('pages through all matches of a status without gaps or repeats', async () => {
    const all = businesses.filter((b) => b.status === 'liquidated')
    const tins: string[] = []
    for (let page = 1; page <= Math.ceil(all.length / 30) + 1; page++) {
      const res = await search(`status=liquidated&limit=30&page=${page}`)
      expect(res.body).toMatchObject({ page, limit: 30, total: all.length })
      tins.push(...res.body.items.map((s) => s.tin))
    }
    expect(tins).toEqual(all.map((b) => b.tin))
  })

  it('defaults to page 1 and limit 20, and returns an empty page past the end', async () => {
    expect((await search('status=active')).body).toMatchObject({ page: 1, limit: 20 })
    expect((await search('status=active')).body.items).toHaveLength(20)
    expect((await search('status=active&page=999')).body.items).toEqual([])
  })

  it.each([
    ['no filter', ''],
    ['only paging', 'page=1&limit=5'],
    ['limit 0', 'name=a&limit=0'],
    ['limit 101', 'name=a&limit=101'],
    ['limit not a number', 'name=a&limit=ten'],
    ['page 0', 'name=a&page=0'],
    ['an unknown status', 'status=closed'],
    ['a malformed director PIN', 'directorPin=3290519913838'],
    ['a TIN as director PIN', `directorPin=${company.tin}`],
    ['an empty name', 'name='],
    ['an overlong name', `name=${'x'.repeat(65)}`],
    ['a repeated filter', 'name=a&name=b'],
  ])('rejects %s with 400 invalid-query', async (_, query) => {
    expectProblem(await get(`/businesses?${query}`), 400, 'invalid-query')
  })
})

describe('unknown routes', () => {
  it('answer problem+json about:blank 404, and /health is served', async () => {
    expectProblem(await get('/persons/22905199138381'), 404)
    expectProblem(await get(`/businesses/${company.tin}/accounts`), 404)
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } })
  })
})

describe('determinism', () => {
  it('the same seed serves the same data; another seed serves other data', async () => {
    const again = createBusinessesApp()
    for (const path of [
      `/businesses?directorPin=${DEMO_PIN}`,
      `/businesses/${company.tin}`,
      `/businesses/${company.tin}/tax-status`,
    ]) {
      expect((await get(path, again)).body).toEqual((await get(path, app)).body)
    }
    expect(createBusinessRegister().businesses).toEqual(businesses)
    const other = createBusinessesApp({ seed: 1 })
    expect((await get(`/businesses/${company.tin}`, other)).status).toBe(404)
  })

  it('scales with the population size', () => {
    const small = createBusinessRegister({ seed: 3, size: 100 })
    expect(small.businesses).toHaveLength(20)
    for (const business of small.businesses) {
      for (const { pin } of business.directors) expect(small.population.byPin.has(pin)).toBe(true)
    }
  })

  it('refuses a bad seed or size at start-up', () => {
    expect(() => createBusinessesApp({ seed: -1 })).toThrow(TypeError)
    expect(() => createBusinessesApp({ size: 0 })).toThrow(TypeError)
  })
})
