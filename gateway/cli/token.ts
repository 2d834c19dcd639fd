// `kopuro token`: get an access token for a sandbox client subsystem from its own gateway.
import { readFile } from 'node:fs/promises'
import { requestAccessToken } from '../tokens/index.js'
import { isNetworkFailure, networkReason } from './cli-errors.js'
import { EXIT } from './exit-codes.js'

interface SandboxClient {
  id: string
  privateKeyFile: string
  tokenEndpoint: string
}

/**
 * Prints the access token the client's gateway issues for a signed client assertion. Exit code 0,
 * 1 when the gateway refused, 2 when the sandbox file or the client is unknown, 3 when the gateway
 * could not be reached.
 *
 * @example process.exitCode = await tokenCommand('KG/COM/10000001/kyc-app', '.kopuro/sandbox.json', console)
 */
export async function tokenCommand(
  subsystem: string,
  sandboxFile: string,
  out: { log(s: string): void; error(s: string): void },
): Promise<number> {
  let clients: SandboxClient[]
  try {
    clients = (JSON.parse(await readFile(sandboxFile, 'utf8')) as { clients: SandboxClient[] })
      .clients
  } catch {
    out.error(`token: cannot read ${sandboxFile}: is the sandbox running (npm start)?`)
    return EXIT.USAGE
  }
  const client = clients.find((c) => c.id === subsystem)
  if (!client) {
    out.error(`token: unknown client ${subsystem}; known: ${clients.map((c) => c.id).join(', ')}`)
    return EXIT.USAGE
  }
  let privateJwk
  try {
    privateJwk = JSON.parse(await readFile(client.privateKeyFile, 'utf8'))
  } catch {
    out.error(`token: cannot read the client key ${client.privateKeyFile}`)
    return EXIT.USAGE
  }
  try {
    const { tokenEndpoint } = client
    const token = await requestAccessToken({ subsystem, privateJwk, tokenEndpoint })
    out.log(token.access_token)
    return EXIT.OK
  } catch (e) {
    if (isNetworkFailure(e)) {
      out.error(`token: cannot reach ${client.tokenEndpoint}: ${networkReason(e)}`)
      return EXIT.UNREACHABLE
    }
    out.error(`token: request refused: ${(e as Error).message}`)
    return EXIT.FAILED
  }
}
