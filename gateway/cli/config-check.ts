// `kopuro config check <file>`: checks a gateway configuration file without starting anything.
import { loadGatewayConfig } from '../config/index.js'
import { memberOf } from '../identifiers/index.js'
import { EXIT } from './exit-codes.js'

interface Out {
  log(s: string): void
  error(s: string): void
}

/**
 * Reads and checks `file` as `kopuro gateway --config` would before it starts (docs/configuration.md).
 * Exit code 0 and `ok: <file>` with the node it describes; 2 when the file cannot be read, is not
 * JSON or breaks the schema, with one line per problem on stderr, each naming its key by path.
 * What needs the network or the keys (the directory, grant subjects) is checked at start-up.
 *
 * @example process.exitCode = await configCheckCommand('.kopuro/gateways/KG_COM_10000001_gw1.json', console)
 */
export async function configCheckCommand(file: string, out: Out): Promise<number> {
  let config
  try {
    config = await loadGatewayConfig(file)
  } catch (error) {
    out.error((error as Error).message)
    return EXIT.USAGE
  }
  const node = config.nodeId.split('/').at(-1)!
  out.log(`ok: ${file}`)
  out.log(
    `member ${memberOf(config.nodeId)}, node ${node}: ${count(config.services.length, 'service')}, ` +
      `${count(config.grants.length, 'grant')}, ${count(config.clients.length, 'client')}`,
  )
  return EXIT.OK
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
