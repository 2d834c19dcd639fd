// The civil documents register on a real socket: issue over HTTP, then close promptly.

import { describe, expect, it } from 'vitest'
import {
  startDocumentsServer,
  verifyCertificateDigest,
  type Certificate,
} from '#services/documents/index.js'
import { DEMO_PIN } from '#services/shared/index.js'

describe('startDocumentsServer', () => {
  it('issues a certificate over HTTP and finds it at its Location', async () => {
    const server = await startDocumentsServer({ port: 0 })
    try {
      const res = await fetch(`${server.url}/certificates`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'server-test' },
        body: JSON.stringify({ type: 'birth', pin: DEMO_PIN, purpose: 'School enrolment' }),
      })
      expect(res.status).toBe(201)
      const certificate = (await res.json()) as Certificate
      const again = await fetch(`${server.url}${res.headers.get('location') ?? ''}`)
      expect(await again.json()).toEqual(certificate)
      expect(verifyCertificateDigest(certificate)).toBe(true)
    } finally {
      await server.close()
    }
  })
})
