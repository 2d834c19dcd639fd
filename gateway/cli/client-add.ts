// `kopuro client add`: an information system of the node's member. Its key pair is made here:
// the private half goes to the system's operator, the public half to the node (docs/design.md §2).
import { join, resolve } from 'node:path'
import { createSigningKey } from '../../certs/index.js'
import type { GatewayConfig } from '../config/index.js'
import {
  formatSubsystemId,
  isValidIdentifierPart,
  memberOf,
  parseSubsystemId,
} from '../identifiers/index.js'
import { replacePrivateFile, writeFileIfAbsent } from '../lib/durable-file.js'
import { PRIVATE_FILE_MODE } from '../lib/private-files.js'
import { CliUsageError, reportErrors } from './cli-errors.js'
import { EXIT } from './exit-codes.js'
import {
  clientPublicKeyPath,
  fileSafe,
  readNodeInfo,
  checkNodeGatewayConfig,
  readRawGatewayConfig,
  toJson,
  urlHost,
  writeGatewayConfig,
  writeNodeInfo,
  type NodeInfo,
} from './node-folder.js'

export interface ClientAddOptions {
  dir: string
  /** `kyc-app`, or the full `KG/COM/10000003/kyc-app` of the node's member. */
  subsystem: string
  /** Where the private key goes (default `./<subsystem id, / as _>.private.jwk.json`). */
  out?: string
  /** The subsystem's display name, sent with the registration. */
  name?: string
  /** Record a subsystem that only provides services: no key, no clients[] entry. */
  providerOnly?: boolean
}

type Out = { log(s: string): void; error(s: string): void }

/**
 * Adds the subsystem to node.json (what `register` sends) and, unless provider-only, makes its
 * ES256 client key: the private JWK to `out` (0600, never overwritten), the public JWK to
 * `clients/`, and a clients[] entry in gateway.json, checked by the gateway's loader. Exit 0, or
 * 2 for a bad or foreign subsystem, one already added, or a key file that is already there.
 *
 * @example process.exitCode = await clientAddCommand({ dir: 'gw1', subsystem: 'kyc-app' }, console)
 */
export function clientAddCommand(options: ClientAddOptions, out: Out): Promise<number> {
  return reportErrors('client add', out, async () => {
    const info = await readNodeInfo(options.dir)
    const id = subsystemIdOf(options.subsystem, info.member)
    const code = parseSubsystemId(id)!.subsystemCode
    if (options.name !== undefined && (options.name.trim() === '' || options.name.length > 255)) {
      throw new CliUsageError('--name must be 1 to 255 characters')
    }
    if (options.providerOnly && options.out !== undefined) {
      throw new CliUsageError('--out makes no sense with --provider-only: no key is made')
    }
    const config = await readRawGatewayConfig(options.dir)
    if (config.clients.some((c) => c.subsystem === id)) {
      throw new CliUsageError(`${id} is already a client in gateway.json`)
    }
    const known = info.subsystems?.find((s) => s.code === code)
    if (known && options.providerOnly) throw new CliUsageError(`${id} is already in node.json`)
    if (!options.providerOnly) await addClientKey(options, id, config, out)
    if (!known) {
      const subsystem = { code, ...(options.name !== undefined && { name: options.name }) }
      await writeNodeInfo(options.dir, withSubsystem(info, subsystem))
    }
    out.log(`${id} will be sent with the node's registration (node.json)`)
    return EXIT.OK
  })
}

/** The full id of a short or full subsystem code; one of another member is refused. */
function subsystemIdOf(value: string, member: string): string {
  if (!value.includes('/')) {
    if (!isValidIdentifierPart(value)) {
      throw new CliUsageError("<subsystem> must be a subsystem code of X-Road's characters")
    }
    return `${member}/${value}`
  }
  const id = parseSubsystemId(value)
  if (!id) throw new CliUsageError('<subsystem> must be a code or INSTANCE/CLASS/CODE/SUBSYSTEM')
  if (memberOf(value) !== member) {
    throw new CliUsageError(`<subsystem> ${value} is not of this node's member ${member}`)
  }
  return formatSubsystemId(id)
}

function withSubsystem(info: NodeInfo, subsystem: { code: string; name?: string }): NodeInfo {
  return { ...info, subsystems: [...(info.subsystems ?? []), subsystem] }
}

/**
 * The key pair and the clients[] entry. The new gateway.json is checked before any key is
 * written, and written only after both halves are on disk.
 */
async function addClientKey(
  options: ClientAddOptions,
  id: string,
  config: GatewayConfig,
  out: Out,
): Promise<void> {
  const publicKeyFile = clientPublicKeyPath(id)
  const next = { ...config, clients: [...config.clients, { subsystem: id, publicKeyFile }] }
  checkNodeGatewayConfig(next)
  const privateFile = resolve(options.out ?? `${fileSafe(id)}.private.jwk.json`)
  const { privateJwk, publicJwk } = await createSigningKey({ alg: 'ES256' })
  const written = await writeFileIfAbsent(privateFile, toJson(privateJwk), {
    mode: PRIVATE_FILE_MODE,
  }).catch((error: NodeJS.ErrnoException) => {
    throw new CliUsageError(`--out ${privateFile} cannot be written (${error.code})`)
  })
  if (!written) throw new CliUsageError(`--out ${privateFile} exists: refusing to overwrite a key`)
  await replacePrivateFile(join(options.dir, publicKeyFile), toJson(publicJwk))
  await writeGatewayConfig(options.dir, next)
  out.log(
    `private key of ${id}: ${privateFile} (give it to the system's operator; kid ${privateJwk.kid})`,
  )
  out.log(`public key: ${join(options.dir, publicKeyFile)}, added to gateway.json clients[]`)
  const { host = '127.0.0.1', consumerPort } = next.listen
  out.log(
    `token: kopuro token --client ${id} --key ${privateFile} ` +
      `--endpoint http://${urlHost(host)}:${consumerPort}/token`,
  )
}
