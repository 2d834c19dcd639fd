// Property tests for path normalisation against grants: no generated path outside a grant is ever
// allowed (docs/design.md §4; normalised as gateway/access/normalise-path.ts documents).
import fc from 'fast-check'
import { posix } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  checkGrantSyntax,
  createAccessPolicy,
  normaliseServicePath,
  type Grant,
  type NormalisedPath,
} from '#gateway/access/index.js'
import { GatewayError } from '#gateway/lib/errors.js'
import { FUZZ_TIMEOUT, hostileString, runs } from './fuzz-runs.js'

const CLIENTS = ['KG/COM/1/app', 'KG/COM/2/other']
const SERVICES = ['KG/GOV/9/population/persons', 'KG/GOV/9/population/vehicles']
const METHODS = ['GET', 'POST', 'DELETE']
const LITERALS = ['a', 'b', 'c', 'x.y']

/** Segments a request path is made of: the grants' literals and every known way to hide a step. */
const TRICKS = [
  ...['..', '.', '%2e%2e', '%2E.', '.%2e', '%2E%2e', '%2e', '%2E', '%252e%252e', '..;', '.;'],
  ...['%2F', '%2f', '%252F', 'a%2Fb', '%5C', '\\', 'a\\..', '..\\', '%00', 'a%00', '\0'],
  ...['', ';', 'a;b', ';x=1', 'a%3Bb', '%', '%zz', '%e4', '%C3%A4', 'ä', '😀', '%F0%9F%98%80'],
  ...['\uD800', '\uDC00x', 'a b', '%20', '#', '%23', '\t', '~', '*', '**', 'A', '%61', '%2561'],
]

/** A raw rest path as parseRestPath hands it on: `''` or starting with `/` (still encoded). */
const requestPath = fc.oneof(
  { weight: 8, arbitrary: segmentsPath(fc.constantFrom(...LITERALS, ...TRICKS)) },
  { weight: 1, arbitrary: segmentsPath(fc.oneof(fc.constantFrom(...TRICKS), hostileString(6))) },
  { weight: 1, arbitrary: fc.constant('') },
)

function segmentsPath(segment: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(segment, { minLength: 1, maxLength: 8 }), fc.boolean())
    .map(([s, trailing]) => '/' + s.join('/') + (trailing ? '/' : ''))
}

/** A path glob as a grant may name it: literals and `*`, perhaps a final `**` (docs/design.md §4). */
const glob = fc
  .tuple(fc.array(fc.constantFrom(...LITERALS, '*'), { maxLength: 4 }), fc.boolean())
  .map(([s, rest]) => '/' + [...s, ...(rest ? ['**'] : [])].join('/'))

const grant: fc.Arbitrary<Grant> = fc.record(
  {
    subject: fc.constantFrom(...CLIENTS),
    service: fc.constantFrom(...SERVICES),
    endpoints: fc.option(
      fc.array(
        fc.record(
          { method: fc.constantFrom('GET', 'post', '*'), path: glob },
          { noNullPrototype: true },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      { freq: 6, nil: undefined },
    ),
  },
  { noNullPrototype: true },
)

const request = fc.record({
  client: fc.constantFrom(...CLIENTS),
  service: fc.constantFrom(...SERVICES),
  method: fc.constantFrom(...METHODS),
  path: requestPath,
})

const ROOT = '/~service-root'

/**
 * The oracle: the path resolved independently of normalise-path.ts. `%2e` is a dot (as the WHATWG
 * URL standard reads it); path.posix.normalize collapses doubled slashes (the documented rule) and
 * removes dot segments; a result above the service root is refused; each segment is decoded once,
 * and one that does not decode or decodes to a `/`, `\` or NUL is refused, as normalise-path.ts
 * documents. Not `new URL()`: Node 20's parser leaves `./` in place after a segment such as `.x`.
 */
function resolveIndependently(raw: string): string[] | 'refused' {
  const resolved = posix.normalize(ROOT + raw.replace(/%2e/gi, '.'))
  if (resolved !== ROOT && !resolved.startsWith(ROOT + '/')) return 'refused'
  const segments: string[] = []
  for (const s of resolved.slice(ROOT.length).split('/')) {
    if (s === '') continue
    let decoded: string
    try {
      decoded = decodeURIComponent(s)
    } catch {
      return 'refused'
    }
    if (/[/\\\0]/.test(decoded)) return 'refused'
    segments.push(decoded)
  }
  return segments
}

/** A glob as a regular expression over `/seg/seg` with each segment percent-encoded. */
function globPattern(path: string): RegExp {
  const parts = path.split('/').filter((s) => s !== '')
  const body = parts
    .map((s) => {
      if (s === '**') return '(?:/[^/]+)*'
      if (s === '*') return '/[^/]+'
      return '/' + encodeURIComponent(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('')
  return new RegExp('^' + body + '$')
}

/** The independent model of docs/design.md §4: does any grant cover this client, service, method, path? */
function insideSomeGrant(
  grants: Grant[],
  r: { client: string; service: string; method: string },
  segments: string[],
): boolean {
  const path = segments.map((s) => '/' + encodeURIComponent(s)).join('')
  return grants.some(
    (g) =>
      g.subject === r.client &&
      g.service === r.service &&
      (g.endpoints === undefined ||
        g.endpoints.some((e) => {
          const method = e.method.toUpperCase()
          return (method === '*' || method === r.method) && globPattern(e.path).test(path)
        })),
  )
}

/** The normalised path, or the error normalisation raised. */
function normalised(raw: string): NormalisedPath | { error: unknown } {
  try {
    return normaliseServicePath(raw)
  } catch (error) {
    return { error }
  }
}

/** Fails unless `e` is the documented refusal, client.bad_request (400). */
function expectBadRequest(e: unknown): void {
  // expect() costs more than a normalisation; it runs only to describe a failure.
  if (e instanceof GatewayError && e.code === 'client.bad_request' && e.status === 400) return
  expect(e).toBeInstanceOf(GatewayError)
  expect((e as GatewayError).code).toBe('client.bad_request')
  expect((e as GatewayError).status).toBe(400)
}

function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toStrictEqual(expected)
}

/** What encodeURIComponent leaves: the forwarded path carries no raw `;`, `\`, `%2F` or dot step. */
const FORWARDED_SEGMENT = /^(?:[A-Za-z0-9\-_.!~*'()]|%[0-9A-F]{2})+$/

describe('the independent resolution the properties check against', () => {
  const rows: [string, string[] | 'refused'][] = [
    ['', []],
    ['//a///b/', ['a', 'b']],
    ['/a/.x/./b', ['a', '.x', 'b']],
    ['/a/x/%2E%2e/b', ['a', 'b']],
    ['/a/.%2e/.;/b', ['.;', 'b']],
    ['/%252e%252e/%252F', ['%2e%2e', '%2F']],
    ['/a%20b/%C3%A4', ['a b', 'ä']],
    ['/..', 'refused'],
    ['/a/%2e%2e/..', 'refused'],
    ['/a%2Fb', 'refused'],
    ['/a%5Cb', 'refused'],
    ['/a\\b', 'refused'],
    ['/%00', 'refused'],
    ['/%e4', 'refused'],
  ]
  it('resolves known paths as normalise-path.ts documents, refusing what it refuses', () => {
    expect(rows.map(([raw]) => resolveIndependently(raw))).toEqual(rows.map(([, r]) => r))
  })
})

describe('path normalisation under fuzzing', () => {
  it('refuses any path only with client.bad_request (400)', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(), requestPath), (raw) => {
        const n = normalised(raw)
        if ('error' in n) expectBadRequest(n.error)
      }),
      runs(2000),
    )
  })

  it(
    'is idempotent: the forwarded path normalises to itself, with no dot step or raw delimiter',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(fc.oneof(hostileString(), requestPath), (raw) => {
          const once = normalised(raw)
          if ('error' in once) return
          expectSame(normalised(once.encoded), once)
          for (const s of once.encoded.split('/').slice(1)) {
            if (!FORWARDED_SEGMENT.test(s) || s === '.' || s === '..') {
              expect.fail(`forwarded segment ${JSON.stringify(s)} of ${JSON.stringify(raw)}`)
            }
          }
        }),
        runs(2000),
      )
    },
  )

  it(
    'agrees with an independent dot-segment resolution wherever it accepts a path',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(requestPath, (raw) => {
          const n = normalised(raw)
          if ('error' in n) return
          expectSame(n.segments, resolveIndependently(raw))
        }),
        runs(2000),
      )
    },
  )
})

describe('grants against normalised paths under fuzzing', () => {
  it(
    'never allows a path that, resolved independently, lies outside every grant',
    { timeout: FUZZ_TIMEOUT },
    () => {
      const settings = runs(3000)
      let allowed = 0
      let allowedWithSteps = 0
      fc.assert(
        fc.property(fc.array(grant, { maxLength: 5 }), request, (grants, r) => {
          expectSame(
            grants.map((g) => checkGrantSyntax(g).ok),
            grants.map(() => true),
          )
          const n = normalised(r.path)
          const policy = createAccessPolicy(grants)
          if ('error' in n || !policy.isAllowed({ ...r, segments: n.segments })) return
          const resolved = resolveIndependently(r.path)
          if (resolved === 'refused' || !insideSomeGrant(grants, r, resolved)) {
            expect.fail(`${r.method} ${JSON.stringify(r.path)} allowed as ${n.encoded}`)
          }
          allowed++
          if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(r.path)) allowedWithSteps++
        }),
        settings,
      )
      // Not vacuous: about 6% of requests are allowed, over a tenth of those through `.` or `..`.
      if (settings.numRuns! >= 1000) {
        expect(allowed).toBeGreaterThan(settings.numRuns! / 100)
        expect(allowedWithSteps).toBeGreaterThan(0)
      }
    },
  )

  it(
    'allows every path the independent model places inside a grant, once normalisation accepts it',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(fc.array(grant, { maxLength: 5 }), request, (grants, r) => {
          const n = normalised(r.path)
          if ('error' in n) return
          const resolved = resolveIndependently(r.path)
          if (resolved === 'refused' || !insideSomeGrant(grants, r, resolved)) return
          const policy = createAccessPolicy(grants)
          if (!policy.isAllowed({ ...r, segments: n.segments })) {
            expect.fail(`${r.method} ${JSON.stringify(r.path)} denied as ${n.encoded}`)
          }
        }),
        runs(1000),
      )
    },
  )
})
