// The PIN-shape rule: no personal code of a request stays plain in a record, contract or not.
import { describe, expect, it } from 'vitest'
import {
  hashDataSubject,
  needsContract,
  personCodesIn,
  redactStrings,
  subjectRedactor,
  trackPersonCodes,
  trackRequest,
} from '#gateway/tracker/index.js'
import { CITIZEN, contractEndpoints, KEY, OTHER_CITIZEN } from './fixtures.js'

const hash = (pin: string) => hashDataSubject(KEY, pin)
const persons = contractEndpoints('population', '/persons')
const businesses = contractEndpoints('businesses', '/businesses')
const request = (method: string, path: string, query = '', issue?: string) => ({
  method,
  path,
  query,
  issue,
})

describe('personCodesIn', () => {
  it('finds whole digit runs, plain or percent-encoded, by the PIN shape or by length', () => {
    const texts = [`/%32%32905199138381/x`, `a=${OTHER_CITIZEN}&b=12345678901&c=1234567890`]
    expect(personCodesIn(texts, 'pin')).toEqual([CITIZEN, OTHER_CITIZEN])
    expect(personCodesIn(texts, 'long')).toEqual([CITIZEN, OTHER_CITIZEN, '12345678901'])
    // A longer run that contains a PIN is another number, but a long one.
    expect(personCodesIn([`/1${CITIZEN}`], 'pin')).toEqual([])
    expect(personCodesIn([`/1${CITIZEN}`], 'long')).toEqual([`1${CITIZEN}`])
    expect(personCodesIn([`/${CITIZEN}/${CITIZEN}`], 'pin')).toEqual([CITIZEN])
  })
})

describe('trackPersonCodes', () => {
  it('redacts and hashes a PIN in a path no contract operation matches', () => {
    for (const path of [`/${CITIZEN}/FAMILY`, `/${CITIZEN}/family/x`]) {
      const tracked = trackPersonCodes(
        trackRequest(persons, request('GET', path), hash),
        request('GET', path),
        hash,
      )
      expect(tracked.dataSubject, path).toBe(hash(CITIZEN))
      expect(tracked.redact!(path), path).not.toContain(CITIZEN)
    }
    const head = request('HEAD', `/${CITIZEN}`)
    expect(trackRequest(persons, head, hash)).toBeUndefined()
    const tracked = trackPersonCodes(undefined, head, hash)
    expect(tracked.redact!(`/r1/x/${CITIZEN}\nKG${CITIZEN}`)).toBe('/r1/x/{pin}\nKG{pin}')
    expect(tracked.dataSubject).toBe(hash(CITIZEN))
  })

  it('keeps no run of 11 or more digits where no operation matched, in path, query or issue', () => {
    const target = request('GET', '/x/12345678901', `ref=0${CITIZEN}&page=2`, 'file 99999999999')
    const tracked = trackPersonCodes(undefined, target, hash)
    const record = { path: target.path, query: target.query, issue: target.issue }
    expect(redactStrings(record, tracked.redact)).toEqual({
      path: '/x/{pin}',
      query: 'ref={pin}&page=2',
      issue: 'file {pin}',
    })
    // None of these is a PIN, so there is no person to hash.
    expect(tracked.dataSubject).toBeUndefined()
  })

  it('hashes no one when the target names two people, but keeps both out', () => {
    const path = `/${CITIZEN}/family/${OTHER_CITIZEN}`
    const tracked = trackPersonCodes(undefined, request('GET', path), hash)
    expect(tracked.dataSubject).toBeUndefined()
    expect(tracked.redact!(path)).toBe('/{pin}/family/{pin}')
  })

  it('keeps the contract’s subject and leaves a business’s TIN readable where an operation matched', () => {
    const tin = '02212202388784'
    const get = request('GET', `/${tin}`, `x=${OTHER_CITIZEN}`)
    const contract = trackRequest(businesses, get, hash)
    expect(contract).toMatchObject({ operation: 'getBusiness' })
    const tracked = trackPersonCodes(contract, get, hash)
    expect(tracked.redact!(`/${tin}?x=${OTHER_CITIZEN}`)).toBe(`/${tin}?x={pin}`)
    expect(tracked).toMatchObject({ operation: 'getBusiness', dataSubject: hash(OTHER_CITIZEN) })
    const named = request('GET', `/${CITIZEN}`, `spouse=${OTHER_CITIZEN}`)
    const both = trackPersonCodes(trackRequest(persons, named, hash), named, hash)
    expect(both.dataSubject).toBe(hash(CITIZEN))
    expect(both.redact!(`/${CITIZEN}?spouse=${OTHER_CITIZEN}`)).toBe('/{pin}?spouse={pin}')
  })

  it('changes nothing for a target without a personal code', () => {
    const tracked = trackPersonCodes(undefined, request('GET', '/items/3', 'limit=10'), hash)
    expect(tracked).toEqual({})
  })
})

describe('subjectRedactor', () => {
  it('replaces whole runs only, also where one code begins another, plain or encoded', () => {
    const redact = subjectRedactor('12345678901', '123456789012')
    expect(redact('a=123456789012&b=12345678901&c=1234567890123&d=x12345678901y')).toBe(
      'a={pin}&b={pin}&c=1234567890123&d=x{pin}y',
    )
    expect(redact('/%31%32345678901/%3112345678901')).toBe('/{pin}/%3112345678901')
  })
})

describe('needsContract', () => {
  it('asks for the contract only when the target names two people or a JSON body may name one', () => {
    expect(needsContract(request('GET', `/${CITIZEN}`), undefined, 0)).toBe(false)
    expect(needsContract(request('GET', `/${CITIZEN}`, `s=${OTHER_CITIZEN}`), undefined, 0)).toBe(
      true,
    )
    expect(needsContract(request('POST', ''), 'application/json', 12)).toBe(true)
    expect(needsContract(request('POST', ''), 'text/plain', 12)).toBe(false)
    expect(needsContract(request('GET', '/1'), 'application/json', 0)).toBe(false)
  })
})
