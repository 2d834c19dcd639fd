// Runs the fines register as its own process: `PORT=8103 tsx services/fines/server.ts`.

import { isMainModule, runRegistry, serveApp, type RunningServer } from '../shared/index.js'
import { createFinesApp } from './app.js'

export interface FinesServerOptions {
  port: number
  host?: string
  seed?: number
  size?: number
}

/**
 * Starts the fines register on a real socket (keep-alive timeout 65 s).
 *
 * @example
 * const server = await startFinesServer({ port: 0 })
 * const res = await fetch(`${server.url}/fines?pin=${DEMO_PIN}`)
 * await server.close()
 */
export function startFinesServer(options: FinesServerOptions): Promise<RunningServer> {
  const app = createFinesApp({ seed: options.seed, size: options.size })
  return serveApp(app, { port: options.port, host: options.host ?? '127.0.0.1' })
}

if (isMainModule(import.meta.url)) runRegistry('fines register', 8103, startFinesServer)
