// Runs the population register as its own process: `PORT=8101 tsx services/population/server.ts`.

import { isMainModule, runRegistry, serveApp, type RunningServer } from '../shared/index.js'
import { createPopulationApp } from './app.js'

export interface PopulationServerOptions {
  port: number
  host?: string
  seed?: number
  size?: number
}

/**
 * Starts the population register on a real socket (keep-alive timeout 65 s).
 *
 * @example
 * const server = await startPopulationServer({ port: 0 })
 * const res = await fetch(`${server.url}/persons/21403198501234`)
 * await server.close()
 */
export function startPopulationServer(options: PopulationServerOptions): Promise<RunningServer> {
  const app = createPopulationApp({ seed: options.seed, size: options.size })
  return serveApp(app, { port: options.port, host: options.host ?? '127.0.0.1' })
}

if (isMainModule(import.meta.url)) runRegistry('population register', 8101, startPopulationServer)
