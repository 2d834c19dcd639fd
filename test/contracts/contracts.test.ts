// The contract registry: names resolve only to registered contracts.

import type { OpenAPIObject } from 'openapi3-ts/oas31'
import { describe, expect, it } from 'vitest'
import { loadContract } from '#contracts/index.js'

describe('loadContract', () => {
  it('refuses an unknown contract name', () => {
    expect(() => loadContract('../etc/passwd')).toThrow(TypeError)
  })

  it('reads the emitted document', () => {
    const doc: OpenAPIObject = loadContract('population')
    expect(doc.info.title).toBe('Population register')
  })
})
