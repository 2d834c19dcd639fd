// The population register on a real socket: start on a free port, answer, close promptly.

import { describe, expect, it } from 'vitest'
import { startPopulationServer } from '#services/population/index.js'

describe('startPopulationServer', () => {
  it('serves over HTTP with long keep-alive and closes without waiting for idle sockets', async () => {
    const server = await startPopulationServer({ port: 0, size: 100 })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const res = await fetch(`${server.url}/health`)
      expect(await res.json()).toEqual({ status: 'ok' })
      expect(res.headers.get('keep-alive')).toBe('timeout=65')
      const missing = await fetch(`${server.url}/persons/29999999999999`)
      expect(missing.status).toBe(404)
      expect(missing.headers.get('content-type')).toBe('application/problem+json')
      await missing.arrayBuffer()
    } finally {
      // Closing must not wait for idle keep-alive connections (the fetch above left one open).
      await server.close()
    }
  })

  it('rejects when the port is taken', async () => {
    const first = await startPopulationServer({ port: 0, size: 10 })
    try {
      const port = Number(new URL(first.url).port)
      await expect(startPopulationServer({ port, size: 10 })).rejects.toThrow(/EADDRINUSE/)
    } finally {
      await first.close()
    }
  })
})
