// Strict RFC 9651 parsing and serialisation of one Dictionary member.
import { describe, expect, it } from 'vitest'
import {
  isInnerList,
  parseDictionaryMember,
  serializeInnerList,
  serializeItem,
  SfToken,
  type SfInnerList,
} from '#gateway/signing/index.js'

function innerList(field: string): SfInnerList {
  const { value } = parseDictionaryMember(field)
  if (!isInnerList(value)) throw new Error('expected an inner list')
  return value
}

describe('parseDictionaryMember', () => {
  it('reads an inner list of strings with parameters', () => {
    const field = 'kopuro=("@status" "signature";req);created=1;nonce="n";alg="ed25519";x=?0;t=tok'
    const list = innerList(field)
    expect(list.items.map((item) => item.value)).toEqual(['@status', 'signature'])
    expect(list.items[1]!.params).toEqual([['req', true]])
    expect(list.params).toEqual([
      ['created', 1],
      ['nonce', 'n'],
      ['alg', 'ed25519'],
      ['x', false],
      ['t', new SfToken('tok')],
    ])
    expect(serializeInnerList(list)).toBe(field.slice('kopuro='.length))
  })

  it('reads a byte sequence item', () => {
    const { key, value } = parseDictionaryMember('sig=:AQID:')
    expect(key).toBe('sig')
    expect(isInnerList(value) ? undefined : Buffer.from(value.value as Uint8Array)).toEqual(
      Buffer.from([1, 2, 3]),
    )
  })

  it('tolerates the whitespace RFC 9651 allows and re-serialises canonically', () => {
    const list = innerList('  k=(  "a"   "b" );p=1 \t')
    expect(serializeInnerList(list)).toBe('("a" "b");p=1')
  })

  it('unescapes and re-escapes strings', () => {
    const list = innerList('k=("a\\"b\\\\c")')
    expect(list.items[0]!.value).toBe('a"b\\c')
    expect(serializeItem(list.items[0]!)).toBe('"a\\"b\\\\c"')
  })

  it('keeps tokens apart from strings', () => {
    expect(innerList('k=(a "a")').items.map((item) => item.value)).toEqual([new SfToken('a'), 'a'])
  })

  it.each([
    ['empty', ''],
    ['garbage', '#$%'],
    ['two members', 'a=:AQID:, b=:AQID:'],
    ['a repeated member', 'a=:AQID:, a=:AQID:'],
    ['a trailing comma', 'a=:AQID:,'],
    ['an uppercase key', 'Kopuro=:AQID:'],
    ['a repeated parameter', 'k=("a");created=1;created=2'],
    ['a decimal', 'k=("a");created=1.5'],
    ['a 16-digit integer', 'k=("a");created=1234567890123456'],
    ['an unterminated string', 'k=("a'],
    ['a bad escape', 'k=("a\\n")'],
    ['a non-ASCII string', 'k=("caf\u00e9")'],
    ['a control character', 'k=("a\tb")'],
    ['an unterminated inner list', 'k=("a" "b"'],
    ['items without a space', 'k=("a""b")'],
    ['a tab inside an inner list', 'k=("a"\t"b")'],
    ['unpadded base64', 'k=:AQI:'],
    ['non-canonical base64', 'k=:AQJ=:'],
    ['base64url', 'k=:-_8=:'],
    ['a bad boolean', 'k=?2'],
    ['a date', 'k=@1659578233'],
    ['a display string', 'k=%"a"'],
    ['junk after the member', 'k=:AQID: x'],
    ['a nested inner list', 'k=(("a"))'],
  ])('refuses %s', (_name, field) => {
    expect(() => parseDictionaryMember(field)).toThrow(SyntaxError)
  })

  it('refuses an oversized field before parsing it', () => {
    const huge = `k=(${'"a" '.repeat(1100)})`
    expect(huge.length).toBeGreaterThan(4096)
    expect(() => parseDictionaryMember(huge)).toThrow(/length limit/)
  })

  it('never quotes the input in its errors', () => {
    expect(() => parseDictionaryMember('k=("<script>')).toThrow(/^(?!.*script)/)
  })
})

describe('serializeItem', () => {
  it('refuses values a structured field cannot carry', () => {
    expect(() => serializeItem({ value: 'caf\u00e9', params: [] })).toThrow(TypeError)
    expect(() => serializeItem({ value: 1.5, params: [] })).toThrow(TypeError)
    expect(() => serializeItem({ value: 'a', params: [['Bad', true]] })).toThrow(TypeError)
    expect(() => serializeItem({ value: new SfToken('1a'), params: [] })).toThrow(TypeError)
  })
})
