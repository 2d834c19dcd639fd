// RFC 9530 Content-Digest: the sha-256 allow-list and exact-bytes comparison.
import { describe, expect, it } from 'vitest'
import { contentDigest, verifyContentDigest } from '#gateway/signing/index.js'

const HELLO = new TextEncoder().encode('{"hello": "world"}')
// RFC 9530 §2 and Appendix B.
const HELLO_SHA256 = 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:'
const HELLO_SHA512 =
  'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:'

describe('contentDigest', () => {
  it('matches the RFC 9530 example', () => {
    expect(contentDigest(HELLO)).toBe(HELLO_SHA256)
  })

  it('digests an empty body', () => {
    expect(contentDigest(new Uint8Array())).toBe(
      'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:',
    )
  })
})

describe('verifyContentDigest', () => {
  it('accepts the matching sha-256 digest, surrounding whitespace included', () => {
    expect(verifyContentDigest(HELLO_SHA256, HELLO)).toBe(true)
    expect(verifyContentDigest(` ${HELLO_SHA256} `, HELLO)).toBe(true)
    expect(verifyContentDigest(contentDigest(new Uint8Array()), new Uint8Array())).toBe(true)
  })

  it('refuses a different body, even by one byte', () => {
    const changed = Uint8Array.from(HELLO)
    changed[0] = changed[0]! ^ 1
    expect(verifyContentDigest(HELLO_SHA256, changed)).toBe(false)
    expect(verifyContentDigest(HELLO_SHA256, new Uint8Array())).toBe(false)
  })

  it('refuses algorithms outside the allow-list, even when correct', () => {
    expect(verifyContentDigest(HELLO_SHA512, HELLO)).toBe(false)
    expect(verifyContentDigest(`${HELLO_SHA256}, ${HELLO_SHA512}`, HELLO)).toBe(false)
    expect(verifyContentDigest('md5=:sJMPUdM7/E8pbZsiv5Wwzg==:', HELLO)).toBe(false)
  })

  it('refuses missing and malformed fields', () => {
    const digest = HELLO_SHA256.slice('sha-256=:'.length, -1)
    for (const header of [
      undefined,
      '',
      'garbage',
      `sha-256=${digest}`,
      `sha-256=:${digest}`,
      `sha-256=:${digest}:;a=1`,
      `sha-256=:${digest.replace('=', '')}:`,
      `sha-256=(:${digest}:)`,
      `sha-256="${digest}"`,
      `SHA-256=:${digest}:`,
      'sha-256=:AAAA:',
      `sha-256=:${digest}:`.padEnd(5000, ' ') + 'x',
    ]) {
      expect(verifyContentDigest(header, HELLO), String(header)).toBe(false)
    }
  })
})
