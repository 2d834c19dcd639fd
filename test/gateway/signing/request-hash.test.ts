// X-Road-Request-Hash: base64 SHA-512 of the request's signature base.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { requestHash } from '#gateway/signing/index.js'

describe('requestHash', () => {
  it('is the base64 SHA-512 of the signature base', () => {
    const base = '"@method": GET\n"@signature-params": ("@method");created=1'
    expect(requestHash(base)).toBe(createHash('sha512').update(base).digest('base64'))
    expect(Buffer.from(requestHash(base), 'base64')).toHaveLength(64)
  })

  it('matches the well-known digest of the empty string', () => {
    expect(requestHash('')).toBe(
      'z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==',
    )
  })
})
