// Property tests for the RFC 9651 structured-field parser and RFC 9421 Signature-Input reader.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  parseDictionaryMember,
  serializeInnerList,
  serializeItem,
  SfToken,
  type SfBareItem,
  type SfInnerList,
  type SfItem,
} from '#gateway/signing/index.js'
import {
  formatSignature,
  formatSignatureInput,
  formatSignatureParams,
  parseSignatureHeaders,
} from '#gateway/signing/signature-headers.js'
import { FUZZ_TIMEOUT, hostileString, runs } from './fuzz-runs.js'

const key = fc.stringMatching(/^[a-z*][a-z0-9_\-.*]{0,8}$/)
const bareItem: fc.Arbitrary<SfBareItem> = fc.oneof(
  fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
  fc.boolean(),
  fc.stringMatching(/^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]{0,10}$/).map((t) => new SfToken(t)),
  fc.uint8Array({ maxLength: 40 }),
)
const params = fc.uniqueArray(fc.tuple(key, bareItem), {
  maxLength: 6,
  selector: ([k]) => k,
})
const item: fc.Arbitrary<SfItem> = fc.record({ value: bareItem, params })
const innerList: fc.Arbitrary<SfInnerList> = fc.record({
  items: fc.array(item, { maxLength: 6 }),
  params,
})

/** Byte sequences come back as Buffers; compare them by bytes. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') }
  if (value instanceof SfToken) return { token: value.value }
  if (Array.isArray(value)) return value.map(plain)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
  }
  return value
}

function parsesOrRefuses(field: string): void {
  try {
    parseDictionaryMember(field)
  } catch (e) {
    expect(e).toBeInstanceOf(SyntaxError)
  }
}

describe('structured fields under fuzzing', () => {
  it(
    'refuses any string with a SyntaxError, never anything else',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(fc.property(hostileString(), parsesOrRefuses), runs(3000))
    },
  )

  it('parses back exactly what it serialises', { timeout: FUZZ_TIMEOUT }, () => {
    fc.assert(
      fc.property(key, fc.oneof(innerList, item), (k, value) => {
        const text = 'items' in value ? serializeInnerList(value) : serializeItem(value)
        const member = parseDictionaryMember(`${k}=${text}`)
        expect(plain(member)).toEqual(plain({ key: k, value }))
      }),
      runs(2000),
    )
  })

  it(
    'refuses every one-character change of a valid field that is no longer valid, and only with a SyntaxError',
    {
      timeout: FUZZ_TIMEOUT,
    },
    () => {
      fc.assert(
        fc.property(
          key,
          innerList,
          fc.nat(),
          fc.string({ maxLength: 3 }),
          (k, list, at, insert) => {
            const text = `${k}=${serializeInnerList(list)}`
            const i = at % (text.length + 1)
            parsesOrRefuses(text.slice(0, i) + insert + text.slice(i + 1))
          },
        ),
        runs(2000),
      )
    },
  )
})

const nonce = fc.stringMatching(/^[A-Za-z0-9_-]{22}$/)
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
})
const signatureParams = fc.record({
  created: fc.nat({ max: 2 ** 40 }),
  expires: fc.nat({ max: 2 ** 40 }),
  nonce,
  keyid: printable,
  alg: printable,
  tag: printable,
})
const componentIds = fc.array(
  fc.constantFrom(
    '"@method"',
    '"@target-uri"',
    '"content-digest"',
    '"x-road-id"',
    '"signature";req',
  ),
  { maxLength: 8 },
)

describe('Signature-Input and Signature under fuzzing', () => {
  it(
    'refuses any pair of fields with a SyntaxError, never anything else',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(fc.option(hostileString()), fc.option(hostileString()), (input, signature) => {
          try {
            parseSignatureHeaders(input ?? undefined, signature ?? undefined)
          } catch (e) {
            expect(e).toBeInstanceOf(SyntaxError)
          }
        }),
        runs(3000),
      )
    },
  )

  it(
    'reads back the parameters, components and signature it writes',
    { timeout: FUZZ_TIMEOUT },
    () => {
      fc.assert(
        fc.property(
          componentIds,
          signatureParams,
          fc.uint8Array({ maxLength: 96 }),
          (ids, p, sig) => {
            const formatted = formatSignatureParams(ids, p)
            const parsed = parseSignatureHeaders(
              formatSignatureInput(formatted),
              formatSignature(sig),
            )
            expect(parsed.params).toEqual(p)
            expect(parsed.signatureParams).toBe(formatted)
            expect(parsed.items.map((i) => serializeItem(i))).toEqual(ids)
            expect(Buffer.from(parsed.signature).equals(Buffer.from(sig))).toBe(true)
          },
        ),
        runs(2000),
      )
    },
  )
})
