// `kopuro gateway --config`: run one gateway node until SIGINT/SIGTERM, then flush and exit.
import { loadGatewayConfig } from '../config/index.js'
import { startGateway } from '../server.js'

export async function gatewayRunCommand(
  configFile: string,
  out: { log(s: string): void; error(s: string): void },
): Promise<number> {
  const config = await loadGatewayConfig(configFile)
  const running = await startGateway(config)
  out.log(
    JSON.stringify({
      msg: 'gateway ready',
      node: config.nodeId,
      consumer: running.consumerUrl,
      federation: running.federationUrl,
      admin: running.adminUrl,
    }),
  )
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await running.close()
  return 0
}
