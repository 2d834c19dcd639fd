// The businesses register on a real socket: start on a free port, answer, close promptly.

import { describe, expect, it } from 'vitest'
import { startBusinessesServer } from '#services/businesses/index.js'

describe('startBusinessesServer', () => {
  it('serves the register over HTTP and answers problems as problem+json', async () => {
    const server = await startBusinessesServer({ port: 0, size: 200 })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const res = await fetch(`${server.url}/businesses?status=active&limit=1`)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ page: 1, limit: 1 })
      const missing = await fetch(`${server.url}/businesses/09999999999999`)
      expect(missing.status).toBe(404)
      expect(missing.headers.get('content-type')).toBe('application/problem+json')
      await missing.arrayBuffer()
    } finally {
      await server.close()
    }
  })
})
