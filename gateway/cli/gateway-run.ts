// `kopuro gateway --config`: run one gateway node until SIGINT/SIGTERM, then flush and exit.
import { access } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { loadGatewayConfig, type GatewayConfig } from '../config/index.js'
import { startGateway } from '../server.js'
import { EXIT } from './exit-codes.js'
import { createLifecycleLog, signalled } from './lifecycle-log.js'

/**
 * Starts the node and waits for a signal. Exit code 0 after a clean stop, 2 when the configuration
 * cannot be read or is invalid or a file it names is missing, 1 when the node could not start (a
 * port in use, no directory from any source or cache).
 *
 * @example process.exitCode = await gatewayRunCommand('.kopuro/nodes/gw1.json', console)
 */
export async function gatewayRunCommand(
  configFile: string,
  out: { log(s: string): void; error(s: string): void },
): Promise<number> {
  let config: GatewayConfig
  try {
    config = await loadGatewayConfig(configFile)
  } catch (error) {
    // One problem per line, each naming its key (`config: /listen/consumerPort …`).
    out.error(`gateway: bad configuration ${configFile}\n${(error as Error).message}`)
    return EXIT.USAGE
  }
  const missing = await firstMissingFile(configFile, config)
  if (missing) {
    out.error(`gateway: ${missing}`)
    return EXIT.USAGE
  }
  let running
  try {
    running = await startGateway(config)
  } catch (error) {
    out.error(`gateway: could not start ${config.nodeId}: ${(error as Error).message}`)
    return EXIT.FAILED
  }
  const log = createLifecycleLog(out, config.nodeId)
  const listeners = {
    consumer: running.consumerUrl,
    federation: running.federationUrl,
    admin: running.adminUrl,
  }
  log.info({ node: config.nodeId, ...listeners }, 'gateway ready')
  log.info({ node: config.nodeId, signal: await signalled() }, 'gateway stopping')
  await running.close()
  log.info({ node: config.nodeId }, 'gateway stopped')
  return EXIT.OK
}

/**
 * What is wrong when a file the node reads at start is not there, named as gateway.json names it
 * (relative to its folder): a node folder's certificate arrives only with the approval.
 */
async function firstMissingFile(
  configFile: string,
  config: GatewayConfig,
): Promise<string | undefined> {
  const base = dirname(resolve(configFile))
  const files = [
    config.tls.certFile,
    config.tls.keyFile,
    config.signingKeyFile,
    config.directory.anchorFile,
    config.tokenKeyFile,
    config.adminKeyFile,
    config.audit.logKeyFile,
    config.tracker?.keyFile,
    ...config.clients.map((c) => c.publicKeyFile),
  ]
  for (const file of files) {
    if (file === undefined || (await present(file))) continue
    const rel = relative(base, file)
    const name = rel.startsWith('..') || isAbsolute(rel) ? file : rel.split('\\').join('/')
    if (file === config.tls.certFile && (await present(join(base, 'node.json')))) {
      return `${name} is missing: run kopuro register --wait first`
    }
    return `${name} is missing`
  }
  return undefined
}

function present(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  )
}
