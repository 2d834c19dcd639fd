// Runs the civil documents register as its own process: `PORT=8105 tsx services/documents/server.ts`.

import { isMainModule, runRegistry, serveApp, type RunningServer } from '../shared/index.js'
import { createDocumentsApp } from './app.js'

export const DEFAULT_DOCUMENTS_PORT = 8105

export interface DocumentsServerOptions {
  port: number
  host?: string
  seed?: number
  size?: number
}

/**
 * Starts the civil documents register on a real socket (keep-alive timeout 65 s).
 *
 * @example
 * const server = await startDocumentsServer({ port: 0 })
 * const res = await fetch(`${server.url}/certificates?pin=22905199138381`)
 * await server.close()
 */
export function startDocumentsServer(options: DocumentsServerOptions): Promise<RunningServer> {
  const app = createDocumentsApp({ seed: options.seed, size: options.size })
  return serveApp(app, { port: options.port, host: options.host ?? '127.0.0.1' })
}

if (isMainModule(import.meta.url))
  runRegistry('civil documents register', DEFAULT_DOCUMENTS_PORT, startDocumentsServer)
