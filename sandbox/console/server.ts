// `sandbox/console/server.ts --sandbox <file> --port <n>`: serve the web console (127.0.0.1 only).
import { serve } from '@hono/node-server'
import { Command, InvalidArgumentError } from 'commander'
import { DEFAULT_SANDBOX_FILE } from '../sandbox-file.js'
import { createConsoleApp } from './app.js'
import { consoleHosts } from './host-allow-list.js'
import { createConsoleContext } from './context.js'

/** Open keep-alive connections get this long to finish after a signal before the process exits. */
const SHUTDOWN_GRACE_MS = 3_000

const options = new Command('console')
  .description('the kopuro sandbox web console')
  .option('--sandbox <file>', 'the sandbox description', DEFAULT_SANDBOX_FILE)
  .option(
    '--port <port>',
    'the port to listen on',
    (v) => {
      const n = Number(v)
      if (!Number.isInteger(n) || n < 1 || n > 65_535) throw new InvalidArgumentError('a port')
      return n
    },
    4700,
  )
  .option(
    '--host-name <name>',
    'a further name the console is reached under (repeat); loopback names always work',
    (v: string, previous: string[]) => [...previous, v],
    [] as string[],
  )
  .parse()
  .opts<{ sandbox: string; port: number; hostName: string[] }>()

const app = createConsoleApp(createConsoleContext(options.sandbox), {
  hosts: consoleHosts(options.port, options.hostName),
})
const server = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, (info) =>
  console.log(JSON.stringify({ msg: 'console ready', url: `http://127.0.0.1:${info.port}` })),
)
server.once('error', (error: NodeJS.ErrnoException) => {
  console.error(
    `console: cannot listen on 127.0.0.1:${options.port}: ${error.code ?? error.message}`,
  )
  process.exit(1)
})

function stop(): void {
  server.close(() => process.exit(0))
  if ('closeIdleConnections' in server) server.closeIdleConnections()
  setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref()
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
