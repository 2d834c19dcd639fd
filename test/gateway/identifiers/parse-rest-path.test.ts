import { describe, expect, it } from 'vitest'
import {
  formatServiceId,
  parseClientHeader,
  parseNodeId,
  parseRestPath,
  parseServiceId,
} from '#gateway/identifiers/index.js'
import { GatewayError } from '#gateway/lib/errors.js'

function codeOf(f: () => unknown): string | undefined {
  try {
    f()
  } catch (e) {
    return e instanceof GatewayError ? e.code : 'not a GatewayError'
  }
  return undefined
}

describe('parseRestPath', () => {
  it('splits the service id, the rest of the path and the query', () => {
    const t = parseRestPath('/r1/KG/GOV/70000001/population/persons/123/family?x=1&y=2')
    expect(t.serviceId).toBe('KG/GOV/70000001/population/persons')
    expect(t.service).toEqual({
      instance: 'KG',
      memberClass: 'GOV',
      memberCode: '70000001',
      subsystemCode: 'population',
      serviceCode: 'persons',
    })
    expect(t.path).toBe('/123/family')
    expect(t.query).toBe('x=1&y=2')
  })

  it('keeps the rest of the path as received, still encoded', () => {
    expect(parseRestPath('/r1/KG/GOV/1/s/c/a%20b/%2e%2e').path).toBe('/a%20b/%2e%2e')
    expect(parseRestPath('/r1/KG/GOV/1/s/c').path).toBe('')
    expect(parseRestPath('/r1/KG/GOV/1/s/c/').path).toBe('/')
  })

  it('decodes each identifier segment on its own', () => {
    expect(parseRestPath("/r1/KG/GOV/1/s/get%28x%29'").service.serviceCode).toBe("get(x)'")
  })

  it.each([
    ['/r1/KG/GOV/1/s'],
    ['/r2/KG/GOV/1/s/c'],
    ['r1/KG/GOV/1/s/c'],
    ['/r1/KG/GOV/1%2Fx/s/c'],
    ['/r1/KG/GOV/1/s%20t/c'],
    ['/r1/KG//1/s/c'],
    ['/r1/KG/GOV/1/s/%E0%A4%A'],
    ['/r1/KG/GOV/1/s/ä'],
  ])('refuses %s with client.invalid_service_identifier', (path) => {
    expect(codeOf(() => parseRestPath(path))).toBe('client.invalid_service_identifier')
  })

  it('refuses URIs over 2000 characters', () => {
    expect(codeOf(() => parseRestPath('/r1/KG/GOV/1/s/c/' + 'a'.repeat(2000)))).toBe(
      'client.uri_too_long',
    )
  })
})

describe('identifiers', () => {
  it('accepts exactly the X-Road character set', () => {
    expect(parseServiceId("KG/GOV/1/a-b.c'(d)+,=?/x")).toBeDefined()
    for (const bad of [
      'KG/GOV/1/a b/x',
      'KG/GOV/1/a_b/x',
      'KG/GOV/1/a:b/x',
      'KG/GOV/1/a\u00e4/x',
    ]) {
      expect(parseServiceId(bad)).toBeUndefined()
    }
  })

  it('round-trips a service id', () => {
    const id = 'KG/GOV/70000001/population/persons'
    expect(formatServiceId(parseServiceId(id)!)).toBe(id)
  })

  it('parses node ids and client headers', () => {
    expect(parseNodeId('KG/GOV/70000001/gw1')).toMatchObject({ nodeCode: 'gw1' })
    expect(parseClientHeader('KG/COM/10000001/kyc-app')).toMatchObject({ subsystemCode: 'kyc-app' })
    expect(codeOf(() => parseClientHeader('KG/COM/10000001'))).toBe(
      'client.invalid_client_identifier',
    )
    expect(codeOf(() => parseClientHeader(undefined))).toBe('client.invalid_client_identifier')
  })
})
