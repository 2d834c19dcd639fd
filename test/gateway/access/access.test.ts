import { describe, expect, it } from 'vitest'
import { createAccessChecker, normaliseServicePath } from '#gateway/access/index.js'
import { GatewayError } from '#gateway/lib/errors.js'

const SERVICE = 'KG/GOV/1/population/persons'
const CLIENT = 'KG/COM/2/app'

describe('normaliseServicePath', () => {
  it.each([
    ['', []],
    ['/a/b', ['a', 'b']],
    ['//a///b/', ['a', 'b']],
    ['/a/./b', ['a', 'b']],
    ['/a/x/../b', ['a', 'b']],
    ['/a/x/%2e%2e/b', ['a', 'b']],
    ['/a/x/%2E%2e/b', ['a', 'b']],
    ['/a/%2e/b', ['a', 'b']],
    ['/a%20b', ['a b']],
  ])('%s → %j', (raw, segments) => {
    expect(normaliseServicePath(raw).segments).toEqual(segments)
  })

  it('re-encodes what it checked, so the backend gets the same path', () => {
    expect(normaliseServicePath('/x/../a%20b/c').encoded).toBe('/a%20b/c')
  })

  it.each(['/a%2Fb', '/a%2fb', '/a%5Cb', '/a%00b', '/..', '/a/../../b', '/%zz'])(
    'refuses %s with client.bad_request',
    (raw) => {
      let code: string | undefined
      try {
        normaliseServicePath(raw)
      } catch (e) {
        code = (e as GatewayError).code
      }
      expect(code).toBe('client.bad_request')
    },
  )

  it('refuses a lone UTF-16 surrogate with client.bad_request, not a URIError from re-encoding', () => {
    for (const raw of ['/\uD800', '/\uDC00x/a', '/a/b\uD83D']) {
      let error: unknown
      try {
        normaliseServicePath(raw)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(GatewayError)
      expect((error as GatewayError).code).toBe('client.bad_request')
      expect((error as GatewayError).status).toBe(400)
    }
    expect(normaliseServicePath('/\uD83D\uDE00').encoded).toBe('/%F0%9F%98%80')
  })
})

describe('createAccessChecker', () => {
  const check = createAccessChecker([
    { subject: CLIENT, service: SERVICE, endpoints: [{ method: 'GET', path: '/persons/*' }] },
    { subject: CLIENT, service: SERVICE, endpoints: [{ method: '*', path: '/docs/**' }] },
    { subject: 'KG/COM/2/other', service: SERVICE },
  ])
  const req = (method: string, path: string, client = CLIENT) => ({
    client,
    service: SERVICE,
    method,
    segments: normaliseServicePath(path).segments,
  })

  it('denies by default', () => {
    expect(check(req('GET', '/persons/1', 'KG/COM/2/nobody'))).toBe(false)
    expect(check({ ...req('GET', '/persons/1'), service: 'KG/GOV/1/population/other' })).toBe(false)
  })

  it('matches * to exactly one segment', () => {
    expect(check(req('GET', '/persons/1'))).toBe(true)
    expect(check(req('GET', '/persons'))).toBe(false)
    expect(check(req('GET', '/persons/1/family'))).toBe(false)
    expect(check(req('POST', '/persons/1'))).toBe(false)
  })

  it('matches ** to the rest, including nothing', () => {
    expect(check(req('DELETE', '/docs'))).toBe(true)
    expect(check(req('GET', '/docs/a/b/c'))).toBe(true)
  })

  it('a whole-service grant allows every endpoint', () => {
    expect(check(req('PATCH', '/anything/at/all', 'KG/COM/2/other'))).toBe(true)
  })

  it('traversal through a granted prefix does not escape it', () => {
    expect(check(req('GET', '/persons/1/../../admin'))).toBe(false)
    expect(check(req('GET', '/docs/../admin'))).toBe(false)
  })
})
