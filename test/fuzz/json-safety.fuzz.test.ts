// Property tests for the bounded JSON reader that contract validation and the data tracker use.
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, parseJsonSafely, UnsafeJsonError } from '#gateway/validation/index.js'
import { FUZZ_TIMEOUT, hostileString, runs } from './fuzz-runs.js'

/** The reader's fixed reasons: none carries any part of the body (docs/design.md §9). */
const REASONS = new Set([
  'body is not valid UTF-8',
  'body nests too deeply',
  'number out of range',
  'body is not valid JSON',
])

const OBJECT_PROTOTYPE = Object.getOwnPropertyNames(Object.prototype).sort()
const ARRAY_PROTOTYPE = Object.getOwnPropertyNames(Array.prototype).sort()
const { toString, hasOwnProperty } = Object.prototype

/** Fails if any parse so far added to or replaced a property of Object or Array prototypes. */
function expectPrototypesUntouched(): void {
  const plain: Record<string, unknown> = {}
  const untouched =
    plain['polluted'] === undefined &&
    plain.constructor === Object &&
    Object.prototype.toString === toString &&
    Object.prototype.hasOwnProperty === hasOwnProperty &&
    isDeepStrictEqual(Object.getOwnPropertyNames(Object.prototype).sort(), OBJECT_PROTOTYPE) &&
    isDeepStrictEqual(Object.getOwnPropertyNames(Array.prototype).sort(), ARRAY_PROTOTYPE)
  if (!untouched) expect.fail('a parse changed Object.prototype or Array.prototype')
}

afterEach(expectPrototypesUntouched)

/** Parses `body`; fails unless it returns or raises UnsafeJsonError with one of its fixed reasons. */
function parsedOrRefused(body: Uint8Array): { value: unknown } | { reason: string } {
  try {
    return { value: parseJsonSafely(body) }
  } catch (e) {
    // expect() costs more than a parse; it runs only to describe a failure.
    if (!(e instanceof UnsafeJsonError) || !REASONS.has(e.message)) {
      expect(e).toBeInstanceOf(UnsafeJsonError)
      expect([...REASONS]).toContain((e as Error).message)
    }
    return { reason: (e as Error).message }
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text)

function expectSame(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toStrictEqual(expected)
}

/** Text made of JSON's own tokens and the keys that pollute prototypes when merged carelessly. */
const jsonish = fc
  .array(
    fc.constantFrom(
      ...['{', '}', '[', ']', '"', '\\', ':', ',', ' ', '1', '-', '.', 'e', '9', '0', 'E+'],
      ...['"a"', '"__proto__"', '"constructor"', '"prototype"', '"polluted"', 'true', 'null'],
      ...['1e999', '-1e400', '"\\u0000"', '"\\ud800"', '\u2028', '\uFEFF', '"\\"'],
    ),
    { maxLength: 60 },
  )
  .map((t) => t.join(''))

/** Bytes that are often not UTF-8: overlong forms, lone surrogates as CESU-8, stray continuations. */
const badUtf8 = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 8 }),
      fc
        .constantFrom(
          ...[
            [0xc0, 0xaf],
            [0xed, 0xa0, 0x80],
            [0x80],
            [0xf4, 0x90, 0x80, 0x80],
            [0xef, 0xbb, 0xbf],
          ],
          ...[[0x22], [0x7b], [0x5b], [0x5d], [0x7d], [0x5c]],
        )
        .map((b) => Uint8Array.from(b)),
    ),
    { maxLength: 12 },
  )
  .map((parts) => Uint8Array.from(parts.flatMap((p) => [...p])))

describe('the JSON-safety reader under fuzzing', () => {
  it(
    'refuses any bytes only with UnsafeJsonError and a fixed reason',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ maxLength: 200 }),
            badUtf8,
            hostileString().map(utf8),
            jsonish.map(utf8),
          ),
          (body) => {
            parsedOrRefused(body)
          },
        ),
        runs(3000),
      )
    },
  )

  it(
    'reads back every JSON value it is given within its depth, exactly as JSON.parse does',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
          const text = JSON.stringify(value)
          const read = parsedOrRefused(utf8(text))
          expectSame(read, { value: JSON.parse(text) })
        }),
        runs(1000),
      )
    },
  )

  it(
    `accepts nesting up to ${MAX_JSON_DEPTH} and refuses deeper, brackets inside strings not counted`,
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.boolean(), { minLength: 1, maxLength: 2 * MAX_JSON_DEPTH }),
          fc.constantFrom('1', '"[[[{{{"', '"\\"[{"', '{}', '[]', 'null'),
          (levels, inner) => {
            const open = levels.map((isObject) => (isObject ? '{"k":' : '[')).join('')
            const close = levels
              .map((isObject) => (isObject ? '}' : ']'))
              .reverse()
              .join('')
            const depth = levels.length + (inner === '{}' || inner === '[]' ? 1 : 0)
            const read = parsedOrRefused(utf8(open + inner + close))
            if (depth <= MAX_JSON_DEPTH)
              expectSame(read, { value: JSON.parse(open + inner + close) })
            else expectSame(read, { reason: 'body nests too deeply' })
          },
        ),
        runs(1000),
      )
    },
  )

  it(
    'accepts exactly the numbers that are finite doubles, however many digits, and refuses the rest',
    { timeout: FUZZ_TIMEOUT },
    () => {
      const digits = (max: number) =>
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: max })
      fc.assert(
        fc.property(
          fc.boolean(),
          fc.oneof(fc.constant('0'), fc.tuple(fc.constantFrom(...'123456789'), digits(400))),
          fc.option(digits(40)),
          fc.option(fc.tuple(fc.constantFrom('e', 'E+', 'e-'), digits(4))),
          (negative, whole, fraction, exponent) => {
            const literal =
              (negative ? '-' : '') +
              (typeof whole === 'string' ? whole : whole.join('')) +
              (fraction === null ? '' : '.' + fraction) +
              (exponent === null ? '' : exponent.join(''))
            const expected = Number(literal)
            const read = parsedOrRefused(utf8(`{"n":${literal}}`))
            if (Number.isFinite(expected)) expectSame(read, { value: { n: expected } })
            else expectSame(read, { reason: 'number out of range' })
          },
        ),
        runs(1000),
      )
    },
  )

  it(
    'keeps __proto__, constructor and prototype keys, duplicates too, as own data: no prototype changes',
    { timeout: FUZZ_TIMEOUT },
    () => {
      const key = fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'toString')
      const payload = fc.constantFrom(
        '{"polluted":true}',
        '{"__proto__":{"polluted":true}}',
        '{"prototype":{"polluted":true}}',
        '[{"__proto__":{"polluted":1}}]',
        'null',
        '"x"',
      )
      fc.assert(
        fc.property(
          fc.array(fc.tuple(key, payload), { minLength: 1, maxLength: 6 }),
          fc.nat({ max: 2 }),
          (members, wrap) => {
            const object =
              '{' + members.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',') + '}'
            const text = ['', '[', '{"a":'][wrap] + object + ['', ']', '}'][wrap]
            const read = parsedOrRefused(utf8(text))
            expectSame(read, { value: JSON.parse(text) })
            const value = (read as { value: unknown }).value
            const top = (wrap === 0 ? value : Object.values(value as object)[0]) as object
            if (Object.getPrototypeOf(top) !== Object.prototype) expect.fail('prototype replaced')
            // The last of duplicate keys wins, as JSON.parse has it.
            const last = new Map(members)
            for (const [k, v] of last)
              expectSame(Object.getOwnPropertyDescriptor(top, k)?.value, JSON.parse(v))
            expectPrototypesUntouched()
          },
        ),
        runs(1000),
      )
    },
  )
})
