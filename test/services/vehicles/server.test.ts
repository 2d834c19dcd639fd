// The vehicles register on a real socket: start on a free port, answer, close promptly.

import { describe, expect, it } from 'vitest'
import { DEMO_PIN } from '#services/shared/index.js'
import { startVehiclesServer } from '#services/vehicles/index.js'

describe('startVehiclesServer', () => {
  it('serves both services over HTTP and closes without waiting for idle sockets', async () => {
    const server = await startVehiclesServer({ port: 0 })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const vehicles = await fetch(`${server.url}/vehicles?ownerPin=${DEMO_PIN}`)
      expect(((await vehicles.json()) as { total: number }).total).toBeGreaterThan(0)
      const licence = await fetch(`${server.url}/licences/${DEMO_PIN}`)
      expect(licence.status).toBe(200)
      await licence.arrayBuffer()
      const missing = await fetch(`${server.url}/vehicles/01KG000AAA`)
      expect(missing.status).toBe(404)
      expect(missing.headers.get('content-type')).toBe('application/problem+json')
      await missing.arrayBuffer()
    } finally {
      await server.close()
    }
  })
})
