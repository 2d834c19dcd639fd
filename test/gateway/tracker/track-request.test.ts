// Finding a request's data subject from the contract, and keeping the plain PIN out of the log.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAuditLog, readAuditRecords } from '#gateway/audit/index.js'
import {
  hashDataSubject,
  redactStrings,
  subjectRedactor,
  trackBody,
  trackRequest,
  type TrackedRequest,
} from '#gateway/tracker/index.js'
import { frozenClock, tempDir } from '../../support/audit-fixtures.js'
import { BANK_APP, CITIZEN, contractEndpoints, KEY, PERSONS, usageRecord } from './fixtures.js'

const hash = (pin: string) => hashDataSubject(KEY, pin)
const persons = contractEndpoints('population', '/persons')
const certificates = contractEndpoints('documents', '/certificates')
const businesses = contractEndpoints('businesses', '/businesses')
const get = (path: string, query = '', issue?: string) => ({ method: 'GET', path, query, issue })
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

describe('trackRequest', () => {
  it('hashes a PIN in a path parameter and redacts it wherever it would be logged', () => {
    const tracked = trackRequest(persons, get(`/${CITIZEN}/address`), hash)
    expect(tracked).toEqual({
      operation: 'getPersonAddress',
      purpose: 'Get a person’s registered address',
      dataSubject: hash(CITIZEN),
      redact: expect.any(Function),
    })
    expect(tracked!.dataSubject).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(tracked!.redact!(`/${CITIZEN}/address`)).toBe('/{pin}/address')
  })

  it('takes the purpose from X-Road-Issue when the client sends one', () => {
    expect(trackRequest(persons, get(`/${CITIZEN}`, '', 'loan-42'), hash)).toMatchObject({
      operation: 'getPerson',
      purpose: 'loan-42',
    })
  })

  it('finds the PIN in a query parameter once, and not in a repeated one', () => {
    const once = trackRequest(certificates, get('', `pin=${CITIZEN}&type=birth`), hash)
    expect(once).toMatchObject({ operation: 'listCertificates', dataSubject: hash(CITIZEN) })
    expect(once!.redact!(`?pin=${CITIZEN}&type=birth`)).toBe('?pin={pin}&type=birth')
    const query = `pin=${CITIZEN}&pin=11203198512345`
    const twice = trackRequest(certificates, get('', query), hash)
    expect(twice!.dataSubject).toBeUndefined()
    expect(twice!.redact!(query)).toBe('pin={pin}&pin={pin}')
  })

  it('finds the PIN in a top-level property of a JSON body', () => {
    const request = { method: 'POST', path: '', query: '' }
    const tracked = trackRequest(certificates, request, hash)!
    expect(tracked).toMatchObject({ operation: 'issueCertificate', bodyProperty: 'pin' })
    trackBody(tracked, 'application/json; charset=utf-8', json({ pin: CITIZEN, type: 'x' }), hash)
    expect(tracked.dataSubject).toBe(hash(CITIZEN))
  })

  it('ignores a body that is not JSON, not an object, or names no PIN at the top level', () => {
    const bodies: [string, Uint8Array][] = [
      ['text/plain', json({ pin: CITIZEN })],
      ['application/json', json([{ pin: CITIZEN }])],
      ['application/json', json({ person: { pin: CITIZEN } })],
      ['application/json', json({ pin: Number(CITIZEN) })],
      ['application/json', new TextEncoder().encode('{"pin":')],
    ]
    for (const [type, body] of bodies) {
      const tracked = trackRequest(certificates, { method: 'POST', path: '', query: '' }, hash)!
      trackBody(tracked, type, body, hash)
      expect(tracked.dataSubject, type).toBeUndefined()
    }
  })

  it('ignores values that do not look like a PIN', () => {
    const values = ['abc', '2290519913838', '229051991383811', '32905199138381', 'x22905199138381']
    for (const value of values) {
      const tracked = trackRequest(persons, get(`/${encodeURIComponent(value)}`), hash)
      expect(tracked, value).toEqual({ operation: 'getPerson', purpose: 'Get a person by PIN' })
    }
    // A legal entity's TIN starts with 0: a business, not a person.
    const business = trackRequest(businesses, get('/02212202388784'), hash)
    expect(business).toMatchObject({ operation: 'getBusiness' })
    expect(business!.dataSubject).toBeUndefined()
    // An individual entrepreneur's TIN is their PIN.
    expect(trackRequest(businesses, get(`/${CITIZEN}`), hash)!.dataSubject).toBe(hash(CITIZEN))
    expect(trackRequest(certificates, get('', 'pin=abc'), hash)!.dataSubject).toBeUndefined()
  })

  it('notes nothing for a request no operation matches or a path the provider refuses', () => {
    expect(trackRequest(persons, get(`/${CITIZEN}/unknown`), hash)).toBeUndefined()
    expect(trackRequest(persons, get('/..%2F..'), hash)).toBeUndefined()
    expect(trackRequest([], get(`/${CITIZEN}`), hash)).toBeUndefined()
  })

  it('still keeps the PIN out of the log when the member has no tracker key', () => {
    const tracked = trackRequest(persons, get(`/${CITIZEN}`), undefined)
    expect(tracked!.redact!(`/${CITIZEN}`)).toBe('/{pin}')
    expect(tracked!.dataSubject).toBeUndefined()
  })

  it('hashes alike under one key and differently under another', () => {
    expect(hash(CITIZEN)).toBe(hashDataSubject(new Uint8Array(KEY), CITIZEN))
    expect(hash(CITIZEN)).not.toBe(hashDataSubject(new Uint8Array(32).fill(8), CITIZEN))
    expect(hash(CITIZEN)).not.toBe(hash('11203198512345'))
  })
})

describe('the message log', () => {
  it('never holds the plain PIN of a path, query or body data subject', async () => {
    const dir = await tempDir()
    const log = await createAuditLog({ dir, now: frozenClock })
    const path = `/${CITIZEN}/family`
    const query = `pin=${CITIZEN}`
    const requests: [TrackedRequest, string][] = [
      [trackRequest(persons, get(path), hash)!, path],
      [trackRequest(certificates, get('', query), hash)!, `?${query}`],
      [trackRequest(persons, get('/%32%32905199138381'), hash)!, '/%32%32905199138381'],
    ]
    const post = trackRequest(certificates, { method: 'POST', path: '', query: '' }, hash)!
    trackBody(post, 'application/json', json({ pin: CITIZEN }), hash)
    requests.push([post, ''])
    for (const [tracked, target] of requests) {
      expect(tracked.dataSubject).toBe(hash(CITIZEN))
      const base = `"@target-uri": https://127.0.0.1:8443/r1/${PERSONS}${target}`
      const record = usageRecord(tracked.dataSubject, BANK_APP, '2026-03-01T12:00:00.000Z', {
        path: target,
        userId: `KG${CITIZEN}`,
        issue: `case of ${CITIZEN}`,
        operation: tracked.operation,
        purpose: tracked.purpose,
        signatures: {
          request: { input: '("@target-uri")', signature: ':c2ln:', keyid: 'k', base },
        },
      })
      await log.append(redactStrings(record, tracked.redact))
    }
    await log.close()
    const records = []
    for await (const r of readAuditRecords(dir)) records.push(r)
    expect(records[0]).toMatchObject({ path: '/{pin}/family', userId: 'KG{pin}' })
    expect(records[2]!.path).toBe('/{pin}')
    for (const file of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue
      const bytes = await readFile(join(file.parentPath, file.name))
      expect(bytes.includes(CITIZEN), file.name).toBe(false)
      expect(bytes.includes('%32%32905199138381'), file.name).toBe(false)
      if (file.name.endsWith('.jsonl')) expect(bytes.includes(hash(CITIZEN))).toBe(true)
    }
  })
})

describe('subjectRedactor', () => {
  it('replaces the PIN, plain or percent-encoded, but not longer numbers that contain it', () => {
    const redact = subjectRedactor(CITIZEN)
    expect(redact(`KG${CITIZEN}`)).toBe('KG{pin}')
    expect(redact(`/x/%32%32905199138381/y?a=${CITIZEN}&b=1${CITIZEN}`)).toBe(
      `/x/{pin}/y?a={pin}&b=1${CITIZEN}`,
    )
    expect(redact('created=1767225600;nonce="abc"')).toBe('created=1767225600;nonce="abc"')
    const nested = { a: [`${CITIZEN}`, { b: `p ${CITIZEN}` }], n: 1, t: true, z: null }
    expect(redactStrings(nested, redact)).toEqual({
      a: ['{pin}', { b: 'p {pin}' }],
      n: 1,
      t: true,
      z: null,
    })
    expect(redactStrings(nested, undefined)).toBe(nested)
  })
})
