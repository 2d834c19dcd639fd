// `kopuro gateway --config`: run one gateway node until SIGINT/SIGTERM, then flush and exit.
import { loadGatewayConfig, type GatewayConfig } from '../config/index.js'
import { startGateway } from '../server.js'
import { EXIT } from './exit-codes.js'
import { createLifecycleLog, signalled } from './lifecycle-log.js'

/**
 * Starts the node and waits for a signal. Exit code 0 after a clean stop, 2 when the configuration
 * cannot be read or is invalid, 1 when the node could not start (a port in use, a missing key).
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
