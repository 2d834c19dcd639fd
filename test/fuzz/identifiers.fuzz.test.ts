// Property tests for X-Road identifiers and the `/r1/…` request target (docs/protocol.md, docs/errors.md).
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  formatMemberId,
  formatNodeId,
  formatServiceId,
  formatSubsystemId,
  MAX_URI_LENGTH,
  parseClientHeader,
  parseMemberId,
  parseNodeId,
  parseRestPath,
  parseServiceId,
  parseSubsystemId,
  type ServiceId,
} from '#gateway/identifiers/index.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { FUZZ_TIMEOUT, hostileString, runs } from './fuzz-runs.js'

/** The codes and statuses docs/errors.md gives for a malformed or over-long `/r1/` target. */
const REST_PATH_ERRORS: Record<string, number> = {
  'client.invalid_service_identifier': 400,
  'client.uri_too_long': 414,
}

/** One identifier part in X-Road's character set (REST protocol §4.3). */
const PART_CHARS = "ABCXYZabcxyz0189'()+,-.=?".split('')
const part = fc.string({ unit: fc.constantFrom(...PART_CHARS), minLength: 1, maxLength: 12 })
const serviceId: fc.Arbitrary<ServiceId> = fc.record(
  { instance: part, memberClass: part, memberCode: part, subsystemCode: part, serviceCode: part },
  { noNullPrototype: true },
)

/** Strings made of identifier-looking pieces and hostile ones joined with `/`. */
const slashed = fc
  .array(fc.oneof(part, hostileString(12), fc.constantFrom('', '%2F', '%2f', '..', 'ä')), {
    minLength: 1,
    maxLength: 7,
  })
  .map((p) => p.join('/'))

/** The error `f` throws, or undefined when it returns. */
function thrownBy(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  return undefined
}

/** Fails unless `e` is a GatewayError whose code and status are the documented pair. */
function expectDocumentedRefusal(e: unknown, documented: Record<string, number>): void {
  // expect() costs more than the parse; it runs only to describe a failure.
  if (e instanceof GatewayError && Object.hasOwn(documented, e.code)) {
    if (documented[e.code] === e.status) return
  }
  expect(e).toBeInstanceOf(GatewayError)
  const { code, status } = e as GatewayError
  expect(Object.keys(documented)).toContain(code)
  expect(status).toBe(documented[code])
}

/** Fails unless `actual` deeply and strictly equals `expected`; cheap when it does. */
function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toStrictEqual(expected)
}

/** Percent-encodes one character as UTF-8 octets, in upper or lower case hex. */
function percentEncode(char: string, lower: boolean): string {
  const hex = [...Buffer.from(char, 'utf8')].map((b) => b.toString(16).padStart(2, '0'))
  return hex.map((h) => '%' + (lower ? h : h.toUpperCase())).join('')
}

/**
 * An identifier part as a client may send it: the characters whose bit is set in `mask` are
 * percent-encoded (hex case from `lower`), and `?` always is, or it would start the query.
 */
function encodePart(value: string, mask: number, lower: number): string {
  return [...value]
    .map((c, i) => {
      const bit = 1 << (i % 31)
      return c === '?' || mask & bit ? percentEncode(c, (lower & bit) !== 0) : c
    })
    .join('')
}

const SERVICE_FIELDS = [
  'instance',
  'memberClass',
  'memberCode',
  'subsystemCode',
  'serviceCode',
] as const

/** A generated service id and a raw `/r1/` target naming it, with the rest path and query. */
const restTarget = fc
  .record({
    service: serviceId,
    masks: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 5, maxLength: 5 }),
    path: fc.oneof(
      fc.constant(''),
      fc
        .array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 5 })
        .map((s) => ('/' + s.join('/')).replaceAll('?', '%3F')),
    ),
    query: fc.option(fc.string({ maxLength: 20 })),
  })
  .map(({ service, masks, path, query }) => ({
    service,
    encoded: SERVICE_FIELDS.map((f, i) => encodePart(service[f], ...masks[i]!)),
    path,
    query,
  }))

describe('the /r1/ request target under fuzzing', () => {
  it(
    'refuses any string only with invalid_service_identifier (400) or uri_too_long (414)',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            hostileString(),
            slashed.map((s) => '/r1/' + s),
          ),
          (target) => {
            const e = thrownBy(() => parseRestPath(target))
            if (e !== undefined) expectDocumentedRefusal(e, REST_PATH_ERRORS)
          },
        ),
        runs(2000),
      )
    },
  )

  it(
    'whatever it accepts names a valid service id that formats back, path and query split at the first ?',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(slashed, fc.option(hostileString(20)), (rest, query) => {
          const target = '/r1/' + rest + (query === null ? '' : '?' + query)
          let t: ReturnType<typeof parseRestPath>
          try {
            t = parseRestPath(target)
          } catch (e) {
            expectDocumentedRefusal(e, REST_PATH_ERRORS)
            return
          }
          expectSame(parseServiceId(t.serviceId), t.service)
          expectSame(formatServiceId(t.service), t.serviceId)
          expectSame(t.path === '' || t.path.startsWith('/'), true)
          const q = target.indexOf('?')
          expectSame(t.query, q === -1 ? '' : target.slice(q + 1))
          expectSame((q === -1 ? target : target.slice(0, q)).endsWith(t.path), true)
        }),
        runs(2000),
      )
    },
  )

  it(
    'refuses every target over 2000 characters with uri_too_long (414)',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(restTarget, fc.integer({ min: 1, max: 300 }), ({ encoded }, extra) => {
          const base = '/r1/' + encoded.join('/') + '/'
          const target = base + 'a'.repeat(Math.max(0, MAX_URI_LENGTH - base.length) + extra)
          const e = thrownBy(() => parseRestPath(target))
          expectDocumentedRefusal(e, { 'client.uri_too_long': 414 })
        }),
        runs(200),
      )
    },
  )

  it(
    'reads back the service id, rest path and query of a generated target, parts percent-encoded or not',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(restTarget, ({ service, encoded, path, query }) => {
          const target = '/r1/' + encoded.join('/') + path + (query === null ? '' : '?' + query)
          const t = parseRestPath(target)
          expectSame(t.service, service)
          expectSame(t.serviceId, formatServiceId(service))
          expectSame(t.path, path)
          expectSame(t.query, query ?? '')
        }),
        runs(1000),
      )
    },
  )

  it(
    'never lets an encoded slash shift the identifier parts: invalid_service_identifier (400)',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(
          restTarget,
          fc.nat({ max: 4 }),
          fc.nat(),
          fc.constantFrom('%2F', '%2f', '%5C', '%00'),
          ({ encoded, path }, which, at, slash) => {
            const parts = [...encoded]
            const p = parts[which]!
            const i = at % (p.length + 1)
            parts[which] = p.slice(0, i) + slash + p.slice(i)
            const e = thrownBy(() => parseRestPath('/r1/' + parts.join('/') + path))
            expectDocumentedRefusal(e, { 'client.invalid_service_identifier': 400 })
          },
        ),
        runs(1000),
      )
    },
  )
})

const parsers = [
  { name: 'member', count: 3, parse: parseMemberId, format: formatMemberId },
  { name: 'subsystem', count: 4, parse: parseSubsystemId, format: formatSubsystemId },
  { name: 'service', count: 5, parse: parseServiceId, format: formatServiceId },
  { name: 'node', count: 4, parse: parseNodeId, format: formatNodeId },
] as const

describe('identifier strings under fuzzing', () => {
  it(
    'parse member, subsystem, service and node ids without throwing, and accept only what formats back to the input',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(fc.oneof(hostileString(), slashed), (value) => {
          for (const { parse, format } of parsers) {
            const id = parse(value)
            if (id !== undefined) expectSame(format(id as never), value)
          }
        }),
        runs(2000),
      )
    },
  )

  it(
    'refuse an X-Road-Client header only with invalid_client_identifier (400)',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(fc.option(fc.oneof(hostileString(), slashed)), (value) => {
          let id: ReturnType<typeof parseClientHeader>
          try {
            id = parseClientHeader(value)
          } catch (e) {
            expectDocumentedRefusal(e, { 'client.invalid_client_identifier': 400 })
            return
          }
          expectSame(formatSubsystemId(id), value)
        }),
        runs(2000),
      )
    },
  )

  it(
    'parse back every generated id they format, and refuse it with one part more or less',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(fc.array(part, { minLength: 6, maxLength: 6 }), (p) => {
          for (const { count, parse, format } of parsers) {
            const text = p.slice(0, count).join('/')
            const id = parse(text)
            if (id === undefined) expect.fail(`${text} is refused`)
            expectSame(format(id as never), text)
            expectSame(parse(p.slice(0, count - 1).join('/')), undefined)
            expectSame(parse(p.slice(0, count + 1).join('/')), undefined)
          }
        }),
        runs(1000),
      )
    },
  )
})
