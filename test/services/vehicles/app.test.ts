// The vehicles register through its real Hono app: vehicles, licences, errors, shares, determinism.

import { describe, expect, it } from 'vitest'
import {
  ageOn,
  createPopulation,
  DEMO_PIN,
  fromDay,
  toDay,
  type Person,
} from '#services/shared/index.js'
import {
  createVehiclesApp,
  generateVehicleRegister,
  LICENCE_CATEGORIES,
  PLATE_PATTERN,
  PLATE_REGION_CODES,
  VIN_PATTERN,
  vinCheckDigit,
  type DrivingLicence,
  type Page,
  type Vehicle,
} from '#services/vehicles/index.js'
import { expectProblem, send } from './requests.js'

const app = createVehiclesApp()
const population = createPopulation()
const register = generateVehicleRegister(population, population.seed)
const get = <T>(path: string, target = app) => send<T>(target, path)

const adults = population.persons.filter(
  (p) => p.status === 'alive' && ageOn(p.dateOfBirth, population.referenceDate) >= 18,
)
const demoVehicles = register.byOwner.get(DEMO_PIN) ?? []

describe('GET /vehicles/{plate}', () => {
  it('returns the vehicle’s register entry', async () => {
    const vehicle = register.vehicles[10] as Vehicle
    const res = await get<Vehicle>(`/vehicles/${vehicle.plate}`)
    expect(res.status).toBe(200)
    expect(res.type).toMatch(/^application\/json/)
    expect(res.body).toEqual(vehicle)
  })

  it.each(['01KG509BA', '01kg509bam', '01 KG 509 BAM', '00KG509BAM', '10KG509BAM', '01KZ509BAM'])(
    'rejects the malformed plate %s with 400 invalid-plate',
    async (plate) =>
      expectProblem(await get(`/vehicles/${encodeURIComponent(plate)}`), 400, 'invalid-plate'),
  )

  it('answers 404 vehicle-not-found for a well-formed unknown plate, without echoing it', async () => {
    const res = await get('/vehicles/01KG000AAA')
    expectProblem(res, 404, 'vehicle-not-found')
    expect(JSON.stringify(res.body)).not.toContain('01KG000AAA')
  })
})

describe('GET /vehicles (search)', () => {
  it('lists an owner’s vehicles', async () => {
    const res = await get<Page<Vehicle>>(`/vehicles?ownerPin=${DEMO_PIN}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      items: demoVehicles,
      page: 1,
      limit: 20,
      total: demoVehicles.length,
    })
  })

  it('gives an empty page for a person without vehicles or an unknown PIN', async () => {
    for (const pin of [
      '29999999999999',
      (adults.find((p) => !register.byOwner.has(p.pin)) as Person).pin,
    ]) {
      expect((await get<Page<Vehicle>>(`/vehicles?ownerPin=${pin}`)).body).toEqual({
        items: [],
        page: 1,
        limit: 20,
        total: 0,
      })
    }
  })

  it('filters by make ignoring case, and pages without gaps or repeats', async () => {
    const toyotas = register.vehicles.filter((v) => v.make === 'Toyota')
    expect(toyotas.length).toBeGreaterThan(40)
    const plates: string[] = []
    for (let page = 1; page <= Math.ceil(toyotas.length / 25) + 1; page++) {
      const res = await get<Page<Vehicle>>(`/vehicles?make=TOYOTA&limit=25&page=${page}`)
      expect(res.body).toMatchObject({ page, limit: 25, total: toyotas.length })
      plates.push(...res.body.items.map((v) => v.plate))
    }
    expect(plates).toEqual(toyotas.map((v) => v.plate))
  })

  it('combines owner and make', async () => {
    const first = demoVehicles[0] as Vehicle
    const res = await get<Page<Vehicle>>(
      `/vehicles?ownerPin=${DEMO_PIN}&make=${first.make.toLowerCase()}`,
    )
    expect(res.body.items).toEqual(demoVehicles.filter((v) => v.make === first.make))
  })

  it.each([
    ['no filter', '/vehicles'],
    ['only paging', '/vehicles?page=1&limit=5'],
    ['malformed owner PIN', '/vehicles?ownerPin=123'],
    ['empty make', '/vehicles?make='],
    ['overlong make', `/vehicles?make=${'x'.repeat(33)}`],
    ['limit 0', '/vehicles?make=Lada&limit=0'],
    ['limit 101', '/vehicles?make=Lada&limit=101'],
    ['page 0', '/vehicles?make=Lada&page=0'],
    ['fractional page', '/vehicles?make=Lada&page=1.5'],
    ['repeated filter', '/vehicles?make=Lada&make=Kia'],
  ])('rejects %s with 400 invalid-query', async (_, path) => {
    expectProblem(await get(path), 400, 'invalid-query')
  })
})

describe('GET /licences/{pin}', () => {
  it('returns the demo citizen’s valid licence', async () => {
    const res = await get<DrivingLicence>(`/licences/${DEMO_PIN}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(register.licenceByPin.get(DEMO_PIN))
    expect(res.body.status).toBe('valid')
    expect(res.body.validUntil >= population.referenceDate).toBe(true)
  })

  it('answers 404 licence-not-found for a person without a licence and an unknown PIN', async () => {
    const unlicensed = population.persons.find((p) => !register.licenceByPin.has(p.pin)) as Person
    expectProblem(await get(`/licences/${unlicensed.pin}`), 404, 'licence-not-found')
    expectProblem(await get('/licences/29999999999999'), 404, 'licence-not-found')
  })

  it.each(['123', '32905199138381', 'abcdefghijklmn'])(
    'rejects the PIN %s with 400 invalid-pin',
    async (pin) => {
      expectProblem(await get(`/licences/${pin}`), 400, 'invalid-pin')
    },
  )
})

describe('GET /licences (by category)', () => {
  it('lists licences that include a category, optionally in one status', async () => {
    const expired = register.licences.filter(
      (l) => l.categories.includes('D') && l.status === 'expired',
    )
    const res = await get<Page<DrivingLicence>>('/licences?category=D&status=expired&limit=100')
    expect(res.body).toEqual({ items: expired, page: 1, limit: 100, total: expired.length })
    const all = await get<Page<DrivingLicence>>('/licences?category=B&limit=5&page=2')
    expect(all.body.items).toEqual(
      register.licences.filter((l) => l.categories.includes('B')).slice(5, 10),
    )
  })

  it.each([
    ['no category', '/licences'],
    ['unknown category', '/licences?category=Z'],
    ['lower-case category', '/licences?category=b'],
    ['unknown status', '/licences?category=B&status=lost'],
    ['limit 101', '/licences?category=B&limit=101'],
  ])('rejects %s with 400 invalid-query', async (_, path) => {
    expectProblem(await get(path), 400, 'invalid-query')
  })
})

describe('the generated register', () => {
  it('gives about 40 % of living adults vehicles (one or two) and about 60 % licences', () => {
    const owners = adults.filter((p) => register.byOwner.has(p.pin)).length / adults.length
    const holders = adults.filter((p) => register.licenceByPin.has(p.pin)).length / adults.length
    expect(owners).toBeGreaterThan(0.35)
    expect(owners).toBeLessThan(0.45)
    expect(holders).toBeGreaterThan(0.55)
    expect(holders).toBeLessThan(0.65)
    for (const owned of register.byOwner.values()) expect([1, 2]).toContain(owned.length)
  })

  it('gives the demo citizen a registered vehicle and a valid licence', () => {
    expect(demoVehicles[0]?.status).toBe('registered')
    expect(register.licenceByPin.get(DEMO_PIN)?.status).toBe('valid')
  })

  it('registers vehicles only to living adults, with unique plates and VINs that fit the owner', () => {
    const adultPins = new Set(adults.map((p) => p.pin))
    const vins = new Set(register.vehicles.map((v) => v.vin))
    expect(vins.size).toBe(register.vehicles.length)
    expect(register.byPlate.size).toBe(register.vehicles.length)
    for (const vehicle of register.vehicles) {
      const owner = population.byPin.get(vehicle.ownerPin) as Person
      expect(adultPins.has(vehicle.ownerPin)).toBe(true)
      expect(vehicle.plate).toMatch(PLATE_PATTERN)
      expect(vehicle.plate.slice(0, 2)).toBe(PLATE_REGION_CODES[owner.address.region])
      expect(vehicle.vin).toMatch(VIN_PATTERN)
      expect(vehicle.vin[8]).toBe(vinCheckDigit(vehicle.vin))
      expect(vehicle.registeredAt >= `${vehicle.year}-01-01`).toBe(true)
      expect(vehicle.registeredAt < population.referenceDate).toBe(true)
      expect(ageOn(owner.dateOfBirth, vehicle.registeredAt)).toBeGreaterThanOrEqual(18)
    }
  })

  it('issues licences valid for ten years, with statuses as of the reference date', () => {
    const numbers = new Set(register.licences.map((l) => l.licenceNumber))
    expect(numbers.size).toBe(register.licences.length)
    for (const licence of register.licences) {
      expect(licence.licenceNumber).toMatch(/^KG[0-9]{7}$/)
      expect(licence.categories).toEqual(
        LICENCE_CATEGORIES.filter((c) => licence.categories.includes(c)),
      )
      const anniversary = `${Number(licence.issuedAt.slice(0, 4)) + 10}${licence.issuedAt.slice(4)}`
      expect(fromDay(toDay(licence.validUntil) + 1)).toBe(anniversary.replace('-02-29', '-02-28'))
      expect(licence.status === 'expired').toBe(licence.validUntil < population.referenceDate)
      const holder = population.byPin.get(licence.pin) as Person
      expect(ageOn(holder.dateOfBirth, licence.issuedAt)).toBeGreaterThanOrEqual(18)
      for (const vehicle of register.byOwner.get(licence.pin) ?? []) {
        expect(licence.categories).toContain(vehicle.category)
      }
    }
  })

  it('is frozen', () => {
    expect(Object.isFrozen(register.vehicles)).toBe(true)
    expect(Object.isFrozen(register.vehicles[0])).toBe(true)
    expect(Object.isFrozen(register.licences[0]?.categories)).toBe(true)
  })
})

describe('determinism', () => {
  it('is a pure function of the population and the seed', () => {
    expect(generateVehicleRegister(population, population.seed)).toEqual(register)
    const other = generateVehicleRegister(population, 1)
    expect(other.vehicles.map((v) => v.plate)).not.toEqual(register.vehicles.map((v) => v.plate))
  })

  it('the same seed serves the same data; another seed serves other data', async () => {
    const again = createVehiclesApp()
    const other = createVehiclesApp({ seed: 1 })
    const path = `/vehicles?ownerPin=${DEMO_PIN}`
    expect((await get(path, again)).body).toEqual((await get(path, app)).body)
    const plate = (demoVehicles[0] as Vehicle).plate
    expect((await get(`/vehicles/${plate}`, other)).status).toBe(404)
  })

  it('honours size and refuses a bad seed or size at start-up', async () => {
    const small = createVehiclesApp({ seed: 3, size: 200 })
    const smallPopulation = createPopulation({ seed: 3, size: 200 })
    const first = generateVehicleRegister(smallPopulation, 3).vehicles[0] as Vehicle
    expect((await get<Vehicle>(`/vehicles/${first.plate}`, small)).body).toEqual(first)
    expect(() => createVehiclesApp({ seed: -1 })).toThrow(TypeError)
    expect(() => createVehiclesApp({ size: 0 })).toThrow(TypeError)
  })
})

describe('unknown routes', () => {
  it('answer problem+json about:blank 404, and /health is served', async () => {
    expectProblem(await get('/persons'), 404)
    expectProblem(await get(`/vehicles/${(demoVehicles[0] as Vehicle).plate}/owner`), 404)
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } })
  })
})
