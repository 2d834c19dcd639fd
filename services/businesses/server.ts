// Runs the businesses register as its own process: `PORT=8104 tsx services/businesses/server.ts`.

import { isMainModule, runRegistry, serveApp, type RunningServer } from '../shared/index.js'
import { createBusinessesApp } from './app.js'

export const DEFAULT_BUSINESSES_PORT = 8104

export interface BusinessesServerOptions {
  port: number
  host?: string
  seed?: number
  size?: number
}

/**
 * Starts the businesses register on a real socket (keep-alive timeout 65 s).
 *
 * @example
 * const server = await startBusinessesServer({ port: 0 })
 * const res = await fetch(`${server.url}/businesses?status=active&limit=5`)
 * await server.close()
 */
export function startBusinessesServer(options: BusinessesServerOptions): Promise<RunningServer> {
  const app = createBusinessesApp({ seed: options.seed, size: options.size })
  return serveApp(app, { port: options.port, host: options.host ?? '127.0.0.1' })
}

if (isMainModule(import.meta.url))
  runRegistry('businesses register', DEFAULT_BUSINESSES_PORT, startBusinessesServer)
