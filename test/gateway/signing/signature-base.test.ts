// RFC 9421 Appendix B.2.6 (Ed25519) reproduced with kopuro's own parser and base builder.
import { createPrivateKey, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyBase } from '#gateway/signing/algorithms.js'
import {
  buildSignatureBase,
  importVerifyingKey,
  isInnerList,
  parseDictionaryMember,
  serializeInnerList,
  serializeItem,
} from '#gateway/signing/index.js'

// RFC 9421 Appendix B.1.4, test-key-ed25519 (public test material).
const TEST_KEY_ED25519 = {
  kty: 'OKP',
  crv: 'Ed25519',
  kid: 'test-key-ed25519',
  x: 'JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs',
}
const TEST_KEY_ED25519_D = 'n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU'

// RFC 9421 Appendix B.2: the test-request message.
const TEST_REQUEST = {
  method: 'POST',
  url: new URL('https://example.com/foo?param=Value&Pet=dog'),
  headers: {
    date: 'Tue, 20 Apr 2021 02:07:55 GMT',
    'content-type': 'application/json',
    'content-digest':
      'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
    'content-length': '18',
  } as Record<string, string>,
}

// RFC 9421 Appendix B.2.6, with the RFC 8792 line wrapping undone.
const SIGNATURE_INPUT =
  'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length")' +
  ';created=1618884473;keyid="test-key-ed25519"'
const SIGNATURE =
  'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:'
const SIGNATURE_BASE = [
  '"date": Tue, 20 Apr 2021 02:07:55 GMT',
  '"@method": POST',
  '"@path": /foo',
  '"@authority": example.com',
  '"content-type": application/json',
  '"content-length": 18',
  '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length")' +
    ';created=1618884473;keyid="test-key-ed25519"',
].join('\n')

/** The RFC 9421 §2.2 derived components the vector uses, and plain fields (§2.1). */
function componentValue(name: string): string {
  if (name === '@method') return TEST_REQUEST.method
  if (name === '@path') return TEST_REQUEST.url.pathname
  if (name === '@authority') return TEST_REQUEST.url.host
  return TEST_REQUEST.headers[name]!
}

function vectorBase(): string {
  const member = parseDictionaryMember(SIGNATURE_INPUT)
  if (!isInnerList(member.value)) throw new Error('expected an inner list')
  const lines = member.value.items.map((item) => ({
    id: serializeItem(item),
    value: componentValue(item.value as string),
  }))
  return buildSignatureBase(lines, serializeInnerList(member.value))
}

function vectorSignature(): Buffer {
  const member = parseDictionaryMember(SIGNATURE)
  if (isInnerList(member.value)) throw new Error('expected an item')
  return Buffer.from(member.value.value as Uint8Array)
}

describe('RFC 9421 Appendix B.2.6 (ed25519)', () => {
  it('builds the exact signature base from the test request', () => {
    expect(parseDictionaryMember(SIGNATURE_INPUT).key).toBe('sig-b26')
    expect(vectorBase()).toBe(SIGNATURE_BASE)
  })

  it("verifies the spec's signature with the spec's public key", () => {
    const key = importVerifyingKey(TEST_KEY_ED25519)
    expect(key.alg).toBe('ed25519')
    expect(verifyBase('ed25519', key.key, vectorBase(), vectorSignature())).toBe(true)
    expect(verifyBase('ed25519', key.key, `${vectorBase()} `, vectorSignature())).toBe(false)
  })

  it("reproduces the spec's signature bytes with the spec's private key (Ed25519 is deterministic)", () => {
    const privateKey = createPrivateKey({
      key: { ...TEST_KEY_ED25519, d: TEST_KEY_ED25519_D },
      format: 'jwk',
    })
    const signature = sign(null, Buffer.from(vectorBase()), privateKey)
    expect(signature.equals(vectorSignature())).toBe(true)
  })
})

describe('buildSignatureBase', () => {
  it('refuses a value that is not printable ASCII or smuggles a line break (RFC 9421 §2.5)', () => {
    for (const value of ['caf\u00e9', 'a\nb', 'a\rb', '\u0000']) {
      expect(() => buildSignatureBase([{ id: '"x"', value }], '("x")')).toThrow(SyntaxError)
    }
  })

  it('refuses a repeated component (RFC 9421 §2.5 step 2.1)', () => {
    const line = { id: '"x"', value: '1' }
    expect(() => buildSignatureBase([line, line], '("x" "x")')).toThrow(SyntaxError)
  })

  it('keeps empty values and tabs inside values', () => {
    const base = buildSignatureBase(
      [
        { id: '"a"', value: '' },
        { id: '"b"', value: 'x\ty' },
      ],
      '("a" "b")',
    )
    expect(base).toBe('"a": \n"b": x\ty\n"@signature-params": ("a" "b")')
  })
})
