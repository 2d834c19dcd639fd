// The civil documents register through its real Hono app: issue, fetch, list, refusals, errors.

import { describe, expect, it } from 'vitest'
import {
  CERTIFICATE_ID_PATTERN,
  createDocumentsApp,
  createSampleCertificates,
  verifyCertificateDigest,
  type Certificate,
  type Page,
} from '#services/documents/index.js'
import { DEMO_PIN } from '#services/shared/index.js'
import {
  alive,
  deceased,
  expectProblem,
  get,
  issue,
  NOW,
  population,
  withRecord,
} from './requests.js'

const request = (type: string, pin = alive.pin) => ({ type, pin, purpose: 'Visa application' })
const fullName = (p: { lastName: string; firstName: string; patronymic: string | null }) =>
  [p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ')

describe('POST /certificates', () => {
  it('issues a residence certificate, then finds it by number and by holder', async () => {
    const app = createDocumentsApp({ now: () => NOW })
    const res = await issue(app, { ...request('residence'), language: 'ru' })
    expect(res.status).toBe(201)
    const { registeredSince, ...address } = alive.address
    expect(res.body).toEqual({
      id: expect.stringMatching(CERTIFICATE_ID_PATTERN) as string,
      type: 'residence',
      pin: alive.pin,
      holderName: fullName(alive),
      issuedAt: '2025-03-10T08:30:00Z',
      validUntil: '2025-06-08T08:30:00Z',
      purpose: 'Visa application',
      language: 'ru',
      issuer: 'Civil Registry of the Kyrgyz Republic',
      content: { address, registeredSince },
      digest: expect.stringMatching(/^sha-256=:[A-Za-z0-9+/]{43}=:$/) as string,
    })
    expect(verifyCertificateDigest(res.body)).toBe(true)
    expect(res.headers.get('location')).toBe(`/certificates/${res.body.id}`)

    const byId = await get<Certificate>(app, res.headers.get('location') ?? '')
    expect(byId).toMatchObject({ status: 200, body: res.body })
    const byPin = await get<Page<Certificate>>(app, `/certificates?pin=${alive.pin}`)
    expect(byPin.body).toEqual({ items: [res.body], page: 1, limit: 20, total: 1 })
  })

  it('issues a no-criminal-record certificate valid 30 days, in Kyrgyz by default', async () => {
    const app = createDocumentsApp({ now: () => NOW })
    const { status, body } = await issue(app, request('no-criminal-record'))
    expect(status).toBe(201)
    expect(body).toMatchObject({ validUntil: '2025-04-09T08:30:00Z', language: 'ky' })
    expect(body.content).toEqual({ hasRecord: false })
  })

  it('issues a birth certificate that does not expire, naming both parents', async () => {
    const { status, body } = await issue(createDocumentsApp(), request('birth'))
    const parents = alive.parentPins.map((pin) => population.byPin.get(pin)!)
    expect(status).toBe(201)
    expect(body.validUntil).toBeNull()
    expect(body.content).toEqual({
      dateOfBirth: alive.dateOfBirth,
      placeOfBirth: alive.placeOfBirth,
      sex: alive.sex,
      mother: fullName(parents.find((p) => p.sex === 'female')!),
      father: fullName(parents.find((p) => p.sex === 'male')!),
    })
  })

  it('numbers certificates at random, never reusing a number', async () => {
    const app = createDocumentsApp()
    const ids = new Set<string>()
    for (let i = 0; i < 20; i++) ids.add((await issue(app, request('birth'))).body.id)
    expect(ids.size).toBe(20)
    for (const id of ids) expect(id).toMatch(CERTIFICATE_ID_PATTERN)
  })

  it('answers 404 person-not-found for an unknown PIN, without echoing it', async () => {
    const res = await issue(createDocumentsApp(), request('birth', '29999999999999'))
    expectProblem(res, 404, 'person-not-found')
    expect(JSON.stringify(res.body)).not.toContain('29999999999999')
  })

  it('refuses a residence certificate for a deceased person, but not a birth certificate', async () => {
    const app = createDocumentsApp()
    expectProblem(await issue(app, request('residence', deceased.pin)), 422, 'person-deceased')
    expect((await issue(app, request('birth', deceased.pin))).status).toBe(201)
  })

  it('refuses a no-criminal-record certificate when the person has a record', async () => {
    const refused = await issue(createDocumentsApp(), request('no-criminal-record', withRecord.pin))
    expectProblem(refused, 422, 'certificate-refused')
    const app = createDocumentsApp({ hasCriminalRecord: () => false })
    expect((await issue(app, request('no-criminal-record', withRecord.pin))).status).toBe(201)
  })

  it.each([
    ['not JSON', '{"type":'],
    ['an array', [request('birth')]],
    ['no type', { pin: alive.pin, purpose: 'x' }],
    ['an unknown type', request('marriage')],
    ['a malformed PIN', request('birth', '1234')],
    ['no purpose', { type: 'birth', pin: alive.pin }],
    ['an empty purpose', { ...request('birth'), purpose: '' }],
    ['a blank purpose', { ...request('birth'), purpose: '   ' }],
    ['a purpose with a control character', { ...request('birth'), purpose: 'a\nb' }],
    ['a purpose with a C1 control', { ...request('birth'), purpose: 'a\u0085b' }],
    ['a 201-character purpose', { ...request('birth'), purpose: 'x'.repeat(201) }],
    ['an unknown language', { ...request('birth'), language: 'de' }],
    ['an extra field', { ...request('birth'), validUntil: null }],
  ])('rejects a body with %s as 400 invalid-body', async (_, body) => {
    expectProblem(await issue(createDocumentsApp(), body), 400, 'invalid-body')
  })

  it('accepts a 200-character purpose (counted in characters, not bytes)', async () => {
    const purpose = 'ы'.repeat(200)
    const { status, body } = await issue(createDocumentsApp(), { ...request('birth'), purpose })
    expect(status).toBe(201)
    expect(body.purpose).toBe(purpose)
  })

  it('refuses other media types with 415 and oversized bodies with 413', async () => {
    const app = createDocumentsApp()
    const text = await issue(app, request('birth'), { 'content-type': 'text/plain' })
    expectProblem(text, 415, 'unsupported-media-type')
    const big = await issue(app, { ...request('birth'), purpose: 'x'.repeat(5000) })
    expectProblem(big, 413, 'body-too-large')
  })

  it('treats an injected number generator that breaks its contract as a server error', async () => {
    const errors: unknown[] = []
    const app = createDocumentsApp({
      createId: () => 'KG-CRT-0000000001',
      onUnexpected: (error) => errors.push(error),
    })
    const first = await issue(app, request('birth'))
    expect(first.status).toBe(201)
    expect((await issue(app, request('residence'))).status).toBe(500)
    expect((await get(app, '/certificates/KG-CRT-0000000001')).body).toEqual(first.body)
    const malformed = createDocumentsApp({ createId: () => '1', onUnexpected: () => {} })
    expect((await issue(malformed, request('birth'))).status).toBe(500)
    expect(errors).toHaveLength(1)
  })
})

describe('GET /certificates/{id}', () => {
  it('answers 400 for a malformed number and 404 for an unknown one', async () => {
    const app = createDocumentsApp()
    for (const id of ['KG-CRT-123', 'KG-CRT-ILOU000000', 'kg-crt-0000000000', '%20']) {
      expectProblem(await get(app, `/certificates/${id}`), 400, 'invalid-certificate-id')
    }
    expectProblem(await get(app, '/certificates/KG-CRT-0000000000'), 404, 'certificate-not-found')
  })

  it('keeps state per app instance', async () => {
    const { body } = await issue(createDocumentsApp(), request('birth'))
    const other = await get(createDocumentsApp(), `/certificates/${body.id}`)
    expectProblem(other, 404, 'certificate-not-found')
  })
})

describe('GET /certificates', () => {
  it('starts with the sample certificates of the demo citizen, newest first', async () => {
    const { status, body } = await get<Page<Certificate>>(
      createDocumentsApp(),
      `/certificates?pin=${DEMO_PIN}`,
    )
    const samples = createSampleCertificates(population)
    expect(status).toBe(200)
    expect(body).toEqual({ items: [...samples].reverse(), page: 1, limit: 20, total: 2 })
    expect(body.items.map((c) => c.type)).toEqual(['residence', 'birth'])
    for (const certificate of body.items) expect(verifyCertificateDigest(certificate)).toBe(true)
  })

  it('filters by type and pages through the holder’s certificates', async () => {
    const app = createDocumentsApp()
    const issued: string[] = []
    for (const type of ['birth', 'residence', 'birth', 'birth']) {
      issued.unshift((await issue(app, request(type))).body.id)
    }
    const births = await get<Page<Certificate>>(app, `/certificates?pin=${alive.pin}&type=birth`)
    expect(births.body.total).toBe(3)
    const pages = [1, 2, 3].map((page) => `/certificates?pin=${alive.pin}&limit=2&page=${page}`)
    const ids = []
    for (const path of pages) ids.push(...(await get<Page<Certificate>>(app, path)).body.items)
    expect(ids.map((c) => c.id)).toEqual(issued)
  })

  it('gives an empty page for a person without certificates', async () => {
    const res = await get<Page<Certificate>>(createDocumentsApp(), `/certificates?pin=${alive.pin}`)
    expect(res.body).toEqual({ items: [], page: 1, limit: 20, total: 0 })
  })

  it.each([
    ['no pin', '/certificates'],
    ['a malformed pin', '/certificates?pin=123'],
    ['a repeated pin', `/certificates?pin=${DEMO_PIN}&pin=${DEMO_PIN}`],
    ['an unknown type', `/certificates?pin=${DEMO_PIN}&type=marriage`],
    ['limit 0', `/certificates?pin=${DEMO_PIN}&limit=0`],
    ['limit 101', `/certificates?pin=${DEMO_PIN}&limit=101`],
    ['page 0', `/certificates?pin=${DEMO_PIN}&page=0`],
  ])('rejects %s with 400 invalid-query', async (_, path) => {
    expectProblem(await get(createDocumentsApp(), path), 400, 'invalid-query')
  })

  it('answers 404 person-not-found for an unknown PIN', async () => {
    const res = await get(createDocumentsApp(), '/certificates?pin=29999999999999')
    expectProblem(res, 404, 'person-not-found')
  })
})
