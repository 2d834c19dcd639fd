// The grant check: each rule refuses with the field at fault, and a refused grant is never returned.
import { describe, expect, it } from 'vitest'
import {
  assertConfiguredGrants,
  checkGrantSyntax,
  describeGrantProblem,
  validateGrant,
  type GrantTargets,
} from '#gateway/access/index.js'

const SUBJECT = 'KG/COM/10000001/kyc-app'
const SERVICE = 'KG/GOV/70000001/population/persons'
const BARE = 'KG/GOV/70000001/population/bare'

/** persons: `/{id}`, `/{id}/address`, `/search`; bare: published without a contract. */
const targets: GrantTargets = {
  hasSubsystem: (id) => id === SUBJECT,
  endpointsOf: (id) =>
    id === SERVICE
      ? [[undefined], [undefined, 'address'], ['search']]
      : id === BARE
        ? []
        : undefined,
}

const withEndpoint = (method: unknown, path: unknown) => ({
  subject: SUBJECT,
  service: SERVICE,
  endpoints: [
    { method: 'GET', path: '/*' },
    { method, path },
  ],
})

function refusal(input: unknown): string {
  const checked = validateGrant(input, targets)
  if (checked.ok) throw new Error('the grant was accepted')
  return describeGrantProblem(checked.problem)
}

describe('checkGrantSyntax', () => {
  it('accepts a whole-service grant and endpoint globs, upper-casing methods', () => {
    expect(checkGrantSyntax({ subject: SUBJECT, service: SERVICE })).toEqual({
      ok: true,
      grant: { subject: SUBJECT, service: SERVICE },
    })
    const checked = checkGrantSyntax(withEndpoint('patch', '/*/address/**'))
    expect(checked).toMatchObject({ ok: true })
    expect(checked.ok && checked.grant.endpoints?.[1]).toEqual({
      method: 'PATCH',
      path: '/*/address/**',
    })
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', '*'])
      expect(checkGrantSyntax(withEndpoint(method, '/')).ok, method).toBe(true)
  })

  it('allows `**` only as the last segment', () => {
    expect(refusal(withEndpoint('GET', '/a/**/b'))).toBe(
      'endpoints[1].path /a/**/b: `**` may only be the last segment',
    )
  })

  it('allows methods only from the HTTP method set or `*`', () => {
    for (const method of ['TRACE', 'CONNECT', 'PROPFIND', 'GET ', '**', '', 7]) {
      expect(refusal(withEndpoint(method, '/*')), String(method)).toMatch(
        /^endpoints\[1\]\.method( \S+)?: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, \*$/,
      )
    }
  })

  it('refuses malformed path globs, naming the rule', () => {
    const cases: [unknown, string][] = [
      ['no-slash', 'must start with /'],
      [undefined, 'must start with /'],
      ['/a//b', 'has an empty segment (a doubled or trailing /)'],
      ['/a/', 'has an empty segment (a doubled or trailing /)'],
      ['/a*', '`*` must be a whole segment'],
      ['/*/**x', '`*` must be a whole segment'],
      ['/{id}', 'write `*` for a contract parameter such as `{id}`'],
      ['/a/../b', 'has a `.` or `..` segment'],
      ['/./a', 'has a `.` or `..` segment'],
      ['/a%2Fb', 'a segment may use only A-Z a-z 0-9 - . _ ~, `*` or `**`'],
      ['/a b', 'a segment may use only A-Z a-z 0-9 - . _ ~, `*` or `**`'],
      [`/${'a'.repeat(1001)}`, 'must be at most 1000 characters'],
    ]
    for (const [path, reason] of cases) {
      expect(refusal(withEndpoint('GET', path)), String(path)).toMatch(
        new RegExp(`^endpoints\\[1\\]\\.path.*: ${escape(reason)}$`),
      )
    }
  })

  it('refuses subjects and services that are no identifiers, and odd endpoint lists', () => {
    expect(refusal({ subject: 'KG/COM/10000001', service: SERVICE })).toBe(
      'subject KG/COM/10000001: must be a subsystem id INSTANCE/CLASS/MEMBER/SUBSYSTEM',
    )
    expect(refusal({ subject: SUBJECT, service: 'KG/GOV/x y/a/b' })).toBe(
      'service: must be a service id INSTANCE/CLASS/MEMBER/SUBSYSTEM/CODE',
    )
    expect(refusal({ subject: SUBJECT, service: SERVICE, endpoints: [] })).toBe(
      'endpoints: must be a list of 1 to 100 endpoints',
    )
    expect(refusal({ subject: SUBJECT, service: SERVICE, endpoints: ['GET /*'] })).toBe(
      'endpoints[0]: must be { method, path }',
    )
    expect(refusal(null)).toBe('grant: must be an object with subject and service')
  })

  it('never shows back a value with characters outside the safe set', () => {
    expect(refusal(withEndpoint('GET', '/a/**/<b>'))).toBe(
      'endpoints[1].path: `**` may only be the last segment',
    )
    expect(refusal(withEndpoint('G\nET', '/*'))).toMatch(/^endpoints\[1\]\.method: /)
  })
})

describe('checkGrantTargets (through validateGrant)', () => {
  it('accepts subjects the directory knows and paths below a contract path', () => {
    for (const path of ['/', '/*', '/123', '/*/address', '/search', '/*/**', '/**', '/search/**'])
      expect(validateGrant(withEndpoint('GET', path), targets).ok, path).toBe(true)
  })

  it('refuses a subject the directory does not know', () => {
    expect(refusal({ subject: 'KG/COM/10000001/ghost', service: SERVICE })).toBe(
      'subject KG/COM/10000001/ghost: is not a subsystem in the federation directory',
    )
  })

  it('refuses a service this gateway does not publish', () => {
    expect(refusal({ subject: SUBJECT, service: 'KG/GOV/70000001/population/none' })).toBe(
      'service KG/GOV/70000001/population/none: is not a service this gateway publishes',
    )
  })

  it('refuses a path below no path of the contract', () => {
    for (const path of ['/a/b/c', '/*/photo', '/*/address/x', '/search/x']) {
      expect(refusal(withEndpoint('GET', path)), path).toBe(
        `endpoints[1].path ${path}: is not below any path of the service contract`,
      )
    }
  })

  it('refuses endpoint grants on a service without a contract, but not the whole service', () => {
    expect(validateGrant({ subject: SUBJECT, service: BARE }, targets).ok).toBe(true)
    expect(
      refusal({ subject: SUBJECT, service: BARE, endpoints: [{ method: 'GET', path: '/**' }] }),
    ).toBe(
      'endpoints[0].path /**: the service has no contract to check it against; grant the whole service',
    )
  })
})

describe('assertConfiguredGrants', () => {
  it('throws a TypeError naming the configured grant by index, syntax included', () => {
    const good = { subject: SUBJECT, service: SERVICE }
    expect(() => assertConfiguredGrants([good], targets)).not.toThrow()
    expect(() => assertConfiguredGrants([good, withEndpoint('GET', '/a/**/b')], targets)).toThrow(
      new TypeError(
        'config: /grants/1/endpoints/1/path /a/**/b: `**` may only be the last segment',
      ),
    )
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
