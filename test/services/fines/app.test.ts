// The fines register through its real Hono app: lookups, payments, idempotency, consistency.

import { describe, expect, it } from 'vitest'
import {
  createFinesApp,
  FINE_ID_PATTERN,
  MAX_PAYMENT_BYTES,
  generateFines,
  type Fine,
  type PaymentReceipt,
} from '#services/fines/index.js'
import {
  createPopulation,
  DEMO_PIN,
  ageOn,
  PROBLEM_CONTENT_TYPE,
  serveApp,
  type ProblemDetails,
} from '#services/shared/index.js'
import {
  createVehiclesApp,
  generateVehicleRegister,
  type Page,
  type Vehicle,
} from '#services/vehicles/index.js'
import { chunkedRequest } from '../../support/http-raw.js'
import { expectProblem, send, type Answer } from '../vehicles/requests.js'

const NOW = Date.parse('2025-01-02T09:30:00Z')
const population = createPopulation()
const vehicles = generateVehicleRegister(population, population.seed)
const register = generateFines(population, vehicles, population.seed)
const app = createFinesApp({ now: () => NOW })
const freshApp = () => createFinesApp({ now: () => NOW })

const demoFines = register.byPin.get(DEMO_PIN) ?? []
const unpaid = register.fines.filter((fine) => fine.status === 'unpaid')
const paid = register.fines.filter((fine) => fine.status === 'paid')
const target = unpaid.find((fine) => fine.ownerPin !== DEMO_PIN) as Fine

const paymentFor = (fine: Fine, reference = 'KICB-0001') => ({
  amount: fine.amount,
  currency: 'KGS',
  payerReference: reference,
})
const pay = (
  on: ReturnType<typeof createFinesApp>,
  fineId: string,
  body: unknown,
  key?: string,
): Promise<Answer<PaymentReceipt>> =>
  send<PaymentReceipt>(on, `/fines/${fineId}/payments`, {
    method: 'POST',
    body,
    headers: key === undefined ? {} : { 'idempotency-key': key },
  })

describe('GET /fines (a person’s fines)', () => {
  it('gives the demo citizen at least two fines, one unpaid, newest first', async () => {
    const res = await send<Page<Fine>>(app, `/fines?pin=${DEMO_PIN}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ items: demoFines, page: 1, limit: 20, total: demoFines.length })
    expect(res.body.total).toBeGreaterThanOrEqual(2)
    expect(res.body.items.some((fine) => fine.status === 'unpaid')).toBe(true)
    const times = res.body.items.map((fine) => fine.issuedAt)
    expect(times).toEqual([...times].sort().reverse())
  })

  it('filters by status and pages without gaps or repeats', async () => {
    const res = await send<Page<Fine>>(app, `/fines?pin=${DEMO_PIN}&status=unpaid`)
    expect(res.body.items).toEqual(demoFines.filter((fine) => fine.status === 'unpaid'))
    const ids: string[] = []
    for (let page = 1; page <= demoFines.length + 1; page++) {
      const one = await send<Page<Fine>>(app, `/fines?pin=${DEMO_PIN}&limit=1&page=${page}`)
      expect(one.body).toMatchObject({ page, limit: 1, total: demoFines.length })
      ids.push(...one.body.items.map((fine) => fine.fineId))
    }
    expect(ids).toEqual(demoFines.map((fine) => fine.fineId))
  })

  it('gives an empty page for a person without fines', async () => {
    const res = await send<Page<Fine>>(app, '/fines?pin=29999999999999')
    expect(res.body).toEqual({ items: [], page: 1, limit: 20, total: 0 })
  })

  it.each([
    ['no pin', '/fines'],
    ['only a status', '/fines?status=unpaid'],
    ['malformed pin', '/fines?pin=123'],
    ['unknown status', `/fines?pin=${DEMO_PIN}&status=overdue`],
    ['limit 0', `/fines?pin=${DEMO_PIN}&limit=0`],
    ['page not a number', `/fines?pin=${DEMO_PIN}&page=x`],
    ['repeated pin', `/fines?pin=${DEMO_PIN}&pin=${DEMO_PIN}`],
  ])('rejects %s with 400 invalid-query', async (_, path) => {
    expectProblem(await send(app, path), 400, 'invalid-query')
  })
})

describe('GET /fines/{fineId}', () => {
  it('returns the fine', async () => {
    const res = await send<Fine>(app, `/fines/${target.fineId}`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(target)
  })

  it.each(['FN123', 'fn2024000018', 'FN20240000180', 'XX2024000018'])(
    'rejects %s with 400 invalid-fine-id',
    async (id) => expectProblem(await send(app, `/fines/${id}`), 400, 'invalid-fine-id'),
  )

  it('answers 404 fine-not-found for an unknown id, without echoing it', async () => {
    const res = await send(app, '/fines/FN2099000001')
    expectProblem(res, 404, 'fine-not-found')
    expect(JSON.stringify(res.body)).not.toContain('FN2099000001')
  })
})

describe('POST /fines/{fineId}/payments', () => {
  it('pays an unpaid fine in full: 201 receipt, and the fine is paid from then on', async () => {
    const on = freshApp()
    const res = await pay(on, target.fineId, paymentFor(target))
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      paymentId: `PM${target.fineId.slice(2)}`,
      fineId: target.fineId,
      plate: target.plate,
      amount: target.amount,
      currency: 'KGS',
      payerReference: 'KICB-0001',
      paidAt: '2025-01-02T09:30:00Z',
    })
    const after = await send<Fine>(on, `/fines/${target.fineId}`)
    expect(after.body).toEqual({ ...target, status: 'paid', paidAt: '2025-01-02T09:30:00Z' })
    const list = await send<Page<Fine>>(on, `/fines?pin=${target.ownerPin}&status=paid&limit=100`)
    expect(list.body.items.map((fine) => fine.fineId)).toContain(target.fineId)
  })

  it('keeps payments per app instance', async () => {
    await pay(freshApp(), target.fineId, paymentFor(target))
    expect((await send<Fine>(freshApp(), `/fines/${target.fineId}`)).body.status).toBe('unpaid')
  })

  it('answers 409 fine-already-paid when paying twice without a key, or a fine paid before', async () => {
    const on = freshApp()
    expect((await pay(on, target.fineId, paymentFor(target))).status).toBe(201)
    expectProblem(await pay(on, target.fineId, paymentFor(target)), 409, 'fine-already-paid')
    const old = paid[0] as Fine
    expectProblem(await pay(on, old.fineId, paymentFor(old)), 409, 'fine-already-paid')
  })

  it('answers 422 amount-mismatch for a wrong amount, leaving the fine unpaid', async () => {
    const on = freshApp()
    const res = await pay(on, target.fineId, { ...paymentFor(target), amount: target.amount - 1 })
    expectProblem(res, 422, 'amount-mismatch')
    expect((await send<Fine>(on, `/fines/${target.fineId}`)).body.status).toBe('unpaid')
  })

  it.each([
    ['not JSON', '{"amount":'],
    ['an array', [1]],
    ['a missing field', { amount: 1000, currency: 'KGS' }],
    ['an extra field', { amount: 1000, currency: 'KGS', payerReference: 'A', pin: DEMO_PIN }],
    ['a fractional amount', { amount: 999.5, currency: 'KGS', payerReference: 'A' }],
    ['an amount as text', { amount: '1000', currency: 'KGS', payerReference: 'A' }],
    ['another currency', { amount: 1000, currency: 'USD', payerReference: 'A' }],
    ['an empty reference', { amount: 1000, currency: 'KGS', payerReference: '' }],
    ['a reference with spaces', { amount: 1000, currency: 'KGS', payerReference: 'A B' }],
  ])('answers 400 invalid-payment for %s', async (_, body) => {
    expectProblem(await pay(freshApp(), target.fineId, body), 400, 'invalid-payment')
  })

  it('checks the fine before the body: 400 invalid-fine-id, 404 fine-not-found', async () => {
    expectProblem(await pay(app, 'FN12', paymentFor(target)), 400, 'invalid-fine-id')
    expectProblem(await pay(app, 'FN2099000001', paymentFor(target)), 404, 'fine-not-found')
  })
})

describe('Idempotency-Key', () => {
  it('pays once for the same key twice and replays the same receipt', async () => {
    const on = freshApp()
    const first = await pay(on, target.fineId, paymentFor(target), 'key-1')
    const second = await pay(on, target.fineId, paymentFor(target), 'key-1')
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.body).toEqual(first.body)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expectProblem(
      await pay(on, target.fineId, paymentFor(target), 'key-2'),
      409,
      'fine-already-paid',
    )
  })

  it('answers 422 idempotency-key-reused for the same key with another body', async () => {
    const on = freshApp()
    expect((await pay(on, target.fineId, paymentFor(target, 'A-1'), 'key-1')).status).toBe(201)
    const res = await pay(on, target.fineId, paymentFor(target, 'A-2'), 'key-1')
    expectProblem(res, 422, 'idempotency-key-reused')
  })

  it('pays exactly once for two concurrent requests with one key (201 and 409)', async () => {
    const on = freshApp()
    const answers = await Promise.all([
      pay(on, target.fineId, paymentFor(target), 'key-1'),
      pay(on, target.fineId, paymentFor(target), 'key-1'),
    ])
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409])
    const conflict = answers.find((answer) => answer.status === 409) as Answer<unknown>
    expectProblem(conflict, 409, 'request-in-progress')
    const replay = await pay(on, target.fineId, paymentFor(target), 'key-1')
    expect(replay.body).toEqual(answers.find((answer) => answer.status === 201)?.body)
  })

  it('pays exactly once for two concurrent requests without a key', async () => {
    const on = freshApp()
    const answers = await Promise.all([
      pay(on, target.fineId, paymentFor(target)),
      pay(on, target.fineId, paymentFor(target)),
    ])
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409])
  })

  it('refuses a malformed key with 400 invalid-idempotency-key', async () => {
    const res = await pay(freshApp(), target.fineId, paymentFor(target), 'two words')
    expectProblem(res, 400, 'invalid-idempotency-key')
  })
})

describe('request body bounds', () => {
  it.each([
    ['without a key', {}],
    ['with an Idempotency-Key', { 'idempotency-key': 'big-1' }],
  ])(
    'refuses a chunked body over the limit %s with 413 body-too-large problem+json, and pays nothing',
    async (_, headers: Record<string, string>) => {
      const on = freshApp()
      const server = await serveApp(on, { port: 0 })
      try {
        const res = await chunkedRequest({
          url: server.url,
          path: `/fines/${target.fineId}/payments`,
          headers: { 'content-type': 'application/json', ...headers },
          totalBytes: 8 * 1024 * 1024,
        })
        const body = JSON.parse(res.body) as ProblemDetails
        expect([res.status, res.headers['content-type']]).toEqual([413, PROBLEM_CONTENT_TYPE])
        expect(body).toMatchObject({
          type: 'tag:kopuro.dev,2025:problem/body-too-large',
          status: 413,
          detail: `The request body must not exceed ${MAX_PAYMENT_BYTES} bytes.`,
        })
      } finally {
        await server.close()
      }
      expect((await send<Fine>(on, `/fines/${target.fineId}`)).body.status).toBe('unpaid')
    },
  )

  it('pays with a body just within the limit, padded by whitespace', async () => {
    const json = JSON.stringify(paymentFor(target))
    const padded = json + ' '.repeat(MAX_PAYMENT_BYTES - json.length)
    expect((await pay(freshApp(), target.fineId, padded)).status).toBe(201)
    const over = await pay(freshApp(), target.fineId, padded + ' ')
    expectProblem(over, 413, 'body-too-large')
  })
})

describe('consistency with the vehicles register and the population', () => {
  it('fines name registered or stolen vehicles and their owners, persons of the population', () => {
    for (const fine of register.fines) {
      const vehicle = vehicles.byPlate.get(fine.plate) as Vehicle
      expect(vehicle, fine.fineId).toBeDefined()
      expect(vehicle.status).not.toBe('deregistered')
      expect(fine.ownerPin).toBe(vehicle.ownerPin)
      const owner = population.byPin.get(fine.ownerPin)
      expect(owner?.status).toBe('alive')
      expect(ageOn(owner?.dateOfBirth ?? '', fine.issuedAt.slice(0, 10))).toBeGreaterThanOrEqual(18)
      expect(fine.issuedAt.slice(0, 10) >= vehicle.registeredAt).toBe(true)
      expect(fine.issuedAt < population.referenceDate).toBe(true)
      expect(fine.paidAt === null).toBe(fine.status === 'unpaid')
      if (fine.paidAt !== null) expect(fine.paidAt > fine.issuedAt).toBe(true)
      if (fine.paidAt !== null) expect(fine.paidAt < population.referenceDate).toBe(true)
    }
  })

  it('numbers fines uniquely, in order of issue within each year', () => {
    const ids = register.fines.map((fine) => fine.fineId)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(FINE_ID_PATTERN)
    expect(ids).toEqual([...ids].sort())
    for (const fine of register.fines)
      expect(fine.fineId.slice(2, 6)).toBe(fine.issuedAt.slice(0, 4))
  })

  it('the fines app and the vehicles app agree (sample through both APIs)', async () => {
    const vehiclesApp = createVehiclesApp()
    const owners = [...new Set(register.fines.map((fine) => fine.ownerPin))].slice(0, 40)
    for (const pin of [DEMO_PIN, ...owners]) {
      const fines = await send<Page<Fine>>(app, `/fines?pin=${pin}&limit=100`)
      const owned = await send<Page<Vehicle>>(vehiclesApp, `/vehicles?ownerPin=${pin}`)
      const plates = owned.body.items.map((vehicle) => vehicle.plate)
      for (const fine of fines.body.items) expect(plates).toContain(fine.plate)
    }
  })
})

describe('determinism', () => {
  it('is a pure function of the population, the vehicles register and the seed', () => {
    expect(generateFines(population, vehicles, population.seed)).toEqual(register)
  })

  it('the same seed serves the same fines; another seed serves other fines', async () => {
    const path = `/fines?pin=${DEMO_PIN}`
    expect((await send(freshApp(), path)).body).toEqual((await send(app, path)).body)
    const other = createFinesApp({ seed: 1 })
    expect((await send<Fine>(other, `/fines/${target.fineId}`)).body).not.toEqual(target)
  })

  it('refuses a bad seed or size at start-up', () => {
    expect(() => createFinesApp({ seed: 1.5 })).toThrow(TypeError)
    expect(() => createFinesApp({ size: 0 })).toThrow(TypeError)
  })
})
