// `kopuro token`: get an access token for a sandbox client subsystem from its own gateway.
import { readFile } from 'node:fs/promises'
import { requestAccessToken } from '../tokens/index.js'

interface SandboxClient {
  id: string
  privateKeyFile: string
  tokenEndpoint: string
}

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
    out.error(`cannot read ${sandboxFile}: is the sandbox running (npm start)?`)
    return 2
  }
  const client = clients.find((c) => c.id === subsystem)
  if (!client) {
    out.error(`unknown client ${subsystem}; known: ${clients.map((c) => c.id).join(', ')}`)
    return 2
  }
  try {
    const privateJwk = JSON.parse(await readFile(client.privateKeyFile, 'utf8'))
    const token = await requestAccessToken({
      subsystem,
      privateJwk,
      tokenEndpoint: client.tokenEndpoint,
    })
    out.log(token.access_token)
    return 0
  } catch (e) {
    out.error(`token request failed: ${(e as Error).message}`)
    return 1
  }
}
