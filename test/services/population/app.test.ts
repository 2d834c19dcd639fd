// The population register through its real Hono app: lookups, search, family, errors, determinism.

import { describe, expect, it } from 'vitest'
import { createPopulationApp } from '#services/population/index.js'
import type { AddressView, FamilyView, Page, PersonSummary } from '#services/population/index.js'
import {
  createPopulation,
  PROBLEM_CONTENT_TYPE,
  type Person,
  type ProblemDetails,
} from '#services/shared/index.js'

const app = createPopulationApp()
const population = createPopulation()

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
  expect(Object.keys(res.body).sort()).toEqual(
    ['type', 'title', 'status', 'instance', ...('detail' in res.body ? ['detail'] : [])].sort(),
  )
  expect(res.body.status).toBe(status)
  expect(res.body.type).toBe(
    code === undefined ? 'about:blank' : `tag:kopuro.dev,2025:problem/${code}`,
  )
  expect(res.body.instance).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
  expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+:\d+|Error:/)
}

const married = population.persons.find(
  (p) => p.spousePin !== null && p.childPins.length > 0 && p.parentPins.length === 2,
) as Person

describe('GET /persons/{pin}', () => {
  it('returns the whole register entry', async () => {
    const res = await get<Person>(`/persons/${married.pin}`)
    expect(res.status).toBe(200)
    expect(res.type).toMatch(/^application\/json/)
    expect(res.body).toEqual(JSON.parse(JSON.stringify(married)))
    expect(res.body.citizenship).toBe('KG')
  })

  it('encodes sex and date of birth in the PIN', async () => {
    const { body } = await get<Person>(`/persons/${married.pin}`)
    const [year, month, day] = body.dateOfBirth.split('-')
    expect(body.pin.slice(1, 9)).toBe(`${day}${month}${year}`)
    expect(body.pin[0]).toBe(body.sex === 'female' ? '1' : '2')
  })

  it.each(['123', '2290519913838', '229051991383811', '32905199138381', 'abcdefghijklmn', '%20'])(
    'rejects the malformed PIN %s with 400 invalid-pin',
    async (pin) => expectProblem(await get(`/persons/${pin}`), 400, 'invalid-pin'),
  )

  it('answers 404 person-not-found for a well-formed unknown PIN', async () => {
    expectProblem(await get('/persons/29999999999999'), 404, 'person-not-found')
    expectProblem(await get('/persons/29999999999999/family'), 404, 'person-not-found')
    expectProblem(await get('/persons/29999999999999/address'), 404, 'person-not-found')
  })

  it('does not echo the requested PIN in a problem', async () => {
    const res = await get('/persons/29999999999999')
    expect(JSON.stringify(res.body)).not.toContain('29999999999999')
  })
})

describe('unknown routes', () => {
  it('answer problem+json about:blank 404', async () => {
    expectProblem(await get('/nowhere'), 404)
    expectProblem(await get(`/persons/${married.pin}/secrets`), 404)
  })

  it('serve /health', async () => {
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } })
  })
})

describe('GET /persons (search)', () => {
  const lastName = married.lastName
  const all = population.persons.filter((p) => p.lastName === lastName)

  it('finds by surname, ignoring case, as summaries', async () => {
    const res = await get<Page<PersonSummary>>(
      `/persons?lastName=${encodeURIComponent(lastName.toUpperCase())}&limit=100`,
    )
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(all.length)
    expect(res.body.items.map((s) => s.pin)).toEqual(all.map((p) => p.pin).slice(0, 100))
    expect(Object.keys(res.body.items[0] ?? {}).sort()).toEqual(
      ['pin', 'lastName', 'firstName', 'patronymic', 'sex', 'dateOfBirth', 'status'].sort(),
    )
  })

  it('pages through all matches without gaps or repeats', async () => {
    const pins: string[] = []
    for (let page = 1; page <= Math.ceil(all.length / 3) + 1; page++) {
      const res = await get<Page<PersonSummary>>(
        `/persons?lastName=${lastName}&limit=3&page=${page}`,
      )
      expect(res.body).toMatchObject({ page, limit: 3, total: all.length })
      pins.push(...res.body.items.map((s) => s.pin))
    }
    expect(pins).toEqual(all.map((p) => p.pin))
  })

  it('defaults to page 1 and limit 20, and combines filters', async () => {
    const query = `lastName=${lastName}&firstName=${married.firstName}&dateOfBirth=${married.dateOfBirth}`
    const res = await get<Page<PersonSummary>>(`/persons?${query}`)
    expect(res.body).toMatchObject({ page: 1, limit: 20, total: 1 })
    expect(res.body.items[0]?.pin).toBe(married.pin)
  })

  it.each([
    ['no filter', '/persons'],
    ['only paging', '/persons?page=1&limit=5'],
    ['limit 0', '/persons?lastName=X&limit=0'],
    ['limit 101', '/persons?lastName=X&limit=101'],
    ['limit not a number', '/persons?lastName=X&limit=ten'],
    ['fractional limit', '/persons?lastName=X&limit=1.5'],
    ['page 0', '/persons?lastName=X&page=0'],
    ['negative page', '/persons?lastName=X&page=-1'],
    ['impossible date', '/persons?dateOfBirth=1990-02-30'],
    ['date in another format', '/persons?dateOfBirth=30.01.1990'],
    ['empty surname', '/persons?lastName='],
    ['overlong surname', `/persons?lastName=${'x'.repeat(65)}`],
    ['repeated filter', '/persons?lastName=A&lastName=B'],
  ])('rejects %s with 400 invalid-query', async (_, path) => {
    expectProblem(await get(path), 400, 'invalid-query')
  })

  it('returns an empty page past the end', async () => {
    const res = await get<Page<PersonSummary>>(`/persons?lastName=${lastName}&page=999`)
    expect(res.body).toMatchObject({ items: [], page: 999, total: all.length })
  })
})

describe('GET /persons/{pin}/family', () => {
  const familyOf = async (pin: string) => (await get<FamilyView>(`/persons/${pin}/family`)).body

  it('resolves spouse, parents and children to summaries', async () => {
    const { status, body } = await get<FamilyView>(`/persons/${married.pin}/family`)
    expect(status).toBe(200)
    expect(body.spouse?.pin).toBe(married.spousePin)
    expect(body.parents.map((s) => s.pin)).toEqual(married.parentPins)
    expect(body.children.map((s) => s.pin)).toEqual(married.childPins)
  })

  it('gives null spouse and empty lists for a person without family', async () => {
    const single = population.persons.find(
      (p) => p.spousePin === null && p.parentPins.length === 0 && p.childPins.length === 0,
    ) as Person
    const { body } = await get<FamilyView>(`/persons/${single.pin}/family`)
    expect(body).toEqual({ pin: single.pin, spouse: null, parents: [], children: [] })
  })

  it('links are consistent both ways (sample of 150 through the API)', async () => {
    const step = Math.floor(population.persons.length / 150)
    for (let i = 0; i < population.persons.length; i += step) {
      const pin = (population.persons[i] as Person).pin
      const family = await familyOf(pin)
      if (family.spouse !== null) expect((await familyOf(family.spouse.pin)).spouse?.pin).toBe(pin)
      for (const child of family.children) {
        expect((await familyOf(child.pin)).parents.map((s) => s.pin)).toContain(pin)
      }
      for (const parent of family.parents) {
        expect((await familyOf(parent.pin)).children.map((s) => s.pin)).toContain(pin)
      }
    }
  })
})

describe('GET /persons/{pin}/address', () => {
  it('returns the registered address with its start date', async () => {
    const { status, body } = await get<AddressView>(`/persons/${married.pin}/address`)
    expect(status).toBe(200)
    expect(body).toEqual({ pin: married.pin, ...married.address })
    expect(body.registeredSince >= married.dateOfBirth).toBe(true)
  })
})

describe('determinism', () => {
  it('the same seed serves the same data; another seed serves other data', async () => {
    const again = createPopulationApp()
    const other = createPopulationApp({ seed: 1 })
    const path = `/persons?lastName=${married.lastName}&limit=100`
    expect((await get(path, again)).body).toEqual((await get(path, app)).body)
    expect((await get(`/persons/${married.pin}/family`, again)).body).toEqual(
      (await get(`/persons/${married.pin}/family`, app)).body,
    )
    expect((await get(`/persons/${married.pin}`, other)).status).toBe(404)
  })

  it('honours size', async () => {
    const small = createPopulationApp({ seed: 3, size: 50 })
    const first = createPopulation({ seed: 3, size: 50 }).persons[0] as Person
    expect((await get<Person>(`/persons/${first.pin}`, small)).body.pin).toBe(first.pin)
  })

  it('refuses a bad seed or size at start-up', () => {
    expect(() => createPopulationApp({ seed: -1 })).toThrow(TypeError)
    expect(() => createPopulationApp({ size: 0 })).toThrow(TypeError)
    expect(() => createPopulationApp({ seed: 1.5 })).toThrow(TypeError)
  })
})
