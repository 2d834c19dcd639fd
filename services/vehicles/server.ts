// Runs the vehicles register as its own process: `PORT=8102 tsx services/vehicles/server.ts`.

import { isMainModule, runRegistry, serveApp, type RunningServer } from '../shared/index.js'
import { createVehiclesApp } from './app.js'

export interface VehiclesServerOptions {
  port: number
  host?: string
  seed?: number
  size?: number
}

/**
 * Starts the vehicles register on a real socket (keep-alive timeout 65 s).
 *
 * @example
 * const server = await startVehiclesServer({ port: 0 })
 * const res = await fetch(`${server.url}/vehicles?ownerPin=${DEMO_PIN}`)
 * await server.close()
 */
export function startVehiclesServer(options: VehiclesServerOptions): Promise<RunningServer> {
  const app = createVehiclesApp({ seed: options.seed, size: options.size })
  return serveApp(app, { port: options.port, host: options.host ?? '127.0.0.1' })
}

if (isMainModule(import.meta.url)) runRegistry('vehicles register', 8102, startVehiclesServer)
