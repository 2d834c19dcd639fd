// Strict RFC 9651 structured fields: the subset kopuro's Signature-Input, Signature and
// Content-Digest headers use (one Dictionary member: an Inner List or an Item, with Parameters).

/** An RFC 9651 §3.3.4 Token, kept apart from a String so that `"a"` and `a` never compare equal. */
export class SfToken {
  constructor(readonly value: string) {}
}

/** String, Integer, Boolean, Token or Byte Sequence (RFC 9651 §3.3); Decimals, Dates refused. */
export type SfBareItem = string | number | boolean | SfToken | Uint8Array
export type SfParams = readonly (readonly [key: string, value: SfBareItem])[]

export interface SfItem {
  readonly value: SfBareItem
  readonly params: SfParams
}

export interface SfInnerList {
  readonly items: readonly SfItem[]
  readonly params: SfParams
}

export interface SfMember {
  readonly key: string
  readonly value: SfItem | SfInnerList
}

/** Longest header field value parsed at all: signatures and digests are far shorter. */
export const MAX_FIELD_LENGTH = 4096

const NO_PARAMS: SfParams = Object.freeze([])
const MAX_INTEGER = 999_999_999_999_999
// Sticky patterns for the RFC 9651 §4.2 grammar; each is tried at the cursor only.
const KEY = /[a-z*][a-z0-9_\-.*]*/y
const INTEGER = /-?[0-9]{1,15}/y
const STRING = /"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*"/y
const TOKEN = /[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/y
const BYTES = /:[A-Za-z0-9+/]*={0,2}:/y
const STRING_CHARS = /^[\x20-\x7e]*$/
const NEEDS_ESCAPE = /["\\]/
const ESCAPES = /["\\]/g
const ESCAPED = /\\(["\\])/g
const TOKEN_ALL = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*$/
const KEY_ALL = /^[a-z*][a-z0-9_\-.*]*$/

export function isInnerList(value: SfItem | SfInnerList): value is SfInnerList {
  return 'items' in value
}

/**
 * Parses a Dictionary field that must hold exactly one member (RFC 9651 §4.2.2). Throws a
 * SyntaxError (which never quotes the input) on anything malformed, duplicated or oversized.
 *
 * @example parseDictionaryMember('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:')
 */
export function parseDictionaryMember(field: string, maxLength = MAX_FIELD_LENGTH): SfMember {
  if (field.length > maxLength) throw new SyntaxError('field value exceeds the length limit')
  const cursor = new Cursor(field)
  cursor.skip(false)
  const key = cursor.key()
  const value = cursor.eat(0x3d)
    ? cursor.itemOrInnerList()
    : { value: true, params: cursor.params() }
  cursor.skip(true)
  if (cursor.pos < field.length) {
    throw new SyntaxError(
      field.charCodeAt(cursor.pos) === 0x2c
        ? 'more than one member'
        : 'unexpected text after the member',
    )
  }
  return { key, value }
}

/** A position in the field value; each method consumes one RFC 9651 §4.2 production. */
class Cursor {
  pos = 0

  constructor(private readonly input: string) {}

  peek(): number {
    return this.input.charCodeAt(this.pos)
  }

  eat(code: number): boolean {
    if (this.peek() !== code) return false
    this.pos++
    return true
  }

  /** Skips SP, or OWS (SP and HTAB) where the grammar allows it. */
  skip(ows: boolean): void {
    for (let c = this.peek(); c === 0x20 || (ows && c === 0x09); c = this.peek()) this.pos++
  }

  /** Consumes what `pattern` matches here, trimming `trim` delimiters from each end. */
  match(pattern: RegExp, what: string, trim = 0): string {
    const start = this.pos
    pattern.lastIndex = start
    // test() rather than exec(): no match array is allocated on this hot path.
    if (!pattern.test(this.input)) throw new SyntaxError(`expected ${what} at ${start}`)
    this.pos = pattern.lastIndex
    return this.input.slice(start + trim, this.pos - trim)
  }

  key(): string {
    return this.match(KEY, 'a key')
  }

  itemOrInnerList(): SfItem | SfInnerList {
    return this.peek() === 0x28 ? this.innerList() : this.item()
  }

  item(): SfItem {
    const value = this.bareItem()
    return { value, params: this.params() }
  }

  /** RFC 9651 §4.2.1.2: items are separated by SP only. */
  innerList(): SfInnerList {
    this.pos++
    const items: SfItem[] = []
    for (;;) {
      this.skip(false)
      if (this.eat(0x29)) return { items, params: this.params() }
      items.push(this.item())
      const next = this.peek()
      if (next !== 0x20 && next !== 0x29) throw new SyntaxError(`bad inner list at ${this.pos}`)
    }
  }

  /** RFC 9651 §4.2.3.2, except that a repeated key is refused rather than overwritten. */
  params(): SfParams {
    if (this.peek() !== 0x3b) return NO_PARAMS
    const params: [string, SfBareItem][] = []
    while (this.eat(0x3b)) {
      this.skip(false)
      const key = this.key()
      if (params.some((p) => p[0] === key)) throw new SyntaxError('duplicate parameter')
      params.push([key, this.eat(0x3d) ? this.bareItem() : true])
    }
    return params
  }

  bareItem(): SfBareItem {
    const c = this.peek()
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.integer()
    if (c === 0x22) return this.string()
    if (c === 0x3a) return this.bytes()
    if (c === 0x3f) return this.boolean()
    return new SfToken(this.match(TOKEN, 'an item'))
  }

  /** RFC 9651 §4.2.4, Integers only: at most 15 digits, no Decimal. */
  integer(): number {
    const text = this.match(INTEGER, 'an integer')
    const next = this.peek()
    if (next === 0x2e || (next >= 0x30 && next <= 0x39)) throw new SyntaxError('bad integer')
    return Number(text)
  }

  string(): string {
    const raw = this.match(STRING, 'a string', 1)
    return raw.includes('\\') ? raw.replace(ESCAPED, '$1') : raw
  }

  /** RFC 9651 §4.2.7, strictly: canonical padded base64 only. */
  bytes(): Uint8Array {
    const text = this.match(BYTES, 'a byte sequence', 1)
    const bytes = Buffer.from(text, 'base64')
    if (bytes.toString('base64') !== text) throw new SyntaxError('non-canonical base64')
    return bytes
  }

  boolean(): boolean {
    const c = this.input.charCodeAt(this.pos + 1)
    if (c !== 0x30 && c !== 0x31) throw new SyntaxError(`bad boolean at ${this.pos}`)
    this.pos += 2
    return c === 0x31
  }
}

/** RFC 9651 §4.1.1.1: `(item item);params`. */
export function serializeInnerList(list: SfInnerList): string {
  let out = '('
  for (let i = 0; i < list.items.length; i++) {
    if (i > 0) out += ' '
    out += serializeItem(list.items[i]!)
  }
  return out + ')' + serializeParams(list.params)
}

export function serializeItem(item: SfItem): string {
  return serializeBareItem(item.value) + serializeParams(item.params)
}

/** RFC 9651 §4.1.1.2: a true Boolean value is written as the bare key. */
export function serializeParams(params: SfParams): string {
  let out = ''
  for (const [key, value] of params) {
    if (!KEY_ALL.test(key)) throw new TypeError('invalid parameter key')
    out += value === true ? `;${key}` : `;${key}=${serializeBareItem(value)}`
  }
  return out
}

export function serializeBareItem(value: SfBareItem): string {
  if (typeof value === 'string') return serializeString(value)
  if (typeof value === 'number') return serializeInteger(value)
  if (typeof value === 'boolean') return value ? '?1' : '?0'
  if (value instanceof SfToken) {
    if (!TOKEN_ALL.test(value.value)) throw new TypeError('invalid token')
    return value.value
  }
  return serializeByteSequence(value)
}

/** RFC 9651 §4.1.6: printable ASCII only, with `"` and `\` escaped. */
export function serializeString(value: string): string {
  if (!STRING_CHARS.test(value)) throw new TypeError('string is not printable ASCII')
  return NEEDS_ESCAPE.test(value) ? `"${value.replace(ESCAPES, '\\$&')}"` : `"${value}"`
}

export function serializeInteger(value: number): string {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_INTEGER) {
    throw new TypeError('integer out of range')
  }
  return String(value)
}

export function serializeByteSequence(bytes: Uint8Array): string {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  return `:${buffer.toString('base64')}:`
}
