// The container's health check for a kopuro gateway node: GET /health on the admin listener the
// node's configuration names (`listen.host`, `listen.adminPort`; docs/operations.md §4). /health
// needs no role token and says only that the process answers. Exit 0 healthy, 1 not.
//   node healthcheck.mjs /var/lib/kopuro/gateway.json
import { readFileSync } from 'node:fs'
import { get } from 'node:http'
import { argv, exit, stderr } from 'node:process'

const TIMEOUT_MS = 4000
const file = argv[2] ?? '/var/lib/kopuro/gateway.json'

/** The address to ask: a wildcard listener is asked on loopback. */
function adminHost(host) {
  if (!host || host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '::1'
  return host
}

function unhealthy(reason) {
  stderr.write(`unhealthy: ${reason}\n`)
  exit(1)
}

let listen
try {
  listen = JSON.parse(readFileSync(file, 'utf8')).listen
} catch (error) {
  unhealthy(`${file}: ${error.message}`)
}
if (!Number.isInteger(listen?.adminPort)) {
  unhealthy(`${file} sets no listen.adminPort, so the admin listener's port is unknown`)
}
const target = { host: adminHost(listen.host), port: listen.adminPort, path: '/health' }
const where = `http://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}/health`
const request = get({ ...target, timeout: TIMEOUT_MS }, (answer) => {
  // Only the status counts; the body is never read.
  answer.destroy()
  if (answer.statusCode === 200) exit(0)
  unhealthy(`${where} answered ${answer.statusCode}`)
})
request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)))
request.on('error', (error) => unhealthy(`${where}: ${error.code ?? error.message}`))
