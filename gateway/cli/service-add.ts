// `kopuro service add`: a service the node's member provides, into gateway.json services[], so
// the node serves it once started and `register` lists it in the directory's catalogue
// (docs/design.md §4).
import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { GatewayConfig } from '../config/index.js'
import { formatServiceId, memberOf, parseServiceId } from '../identifiers/index.js'
import { CliUsageError, reportErrors } from './cli-errors.js'
import { EXIT } from './exit-codes.js'
import {
  checkNodeGatewayConfig,
  fileSafe,
  readNodeInfo,
  readRawGatewayConfig,
  writeGatewayConfig,
  writeNodeInfo,
} from './node-folder.js'

export interface ServiceAddOptions {
  dir: string
  /** `land/parcels` (subsystem/service of the node's member) or the full service id. */
  service: string
  /** The registry's base URL for this service: `http://127.0.0.20:7000/parcels`. */
  url: string
  title?: string
  /** An OpenAPI 3 contract (JSON) to copy into the folder; enables request validation. */
  contract?: string
}

type Out = { log(s: string): void; error(s: string): void }

/**
 * Adds the service to gateway.json (checked by the gateway's own configuration check before it
 * is written) and its subsystem to node.json. Exit 0, or 2 for a bad or foreign id, a service
 * already there, a bad URL or a contract file that cannot be read.
 *
 * @example process.exitCode = await serviceAddCommand({ dir, service: 'land/parcels', url }, console)
 */
export function serviceAddCommand(options: ServiceAddOptions, out: Out): Promise<number> {
  return reportErrors('service add', out, async () => {
    const info = await readNodeInfo(options.dir)
    const id = serviceIdOf(options.service, info.member)
    const config = await readRawGatewayConfig(options.dir)
    if (config.services.some((s) => s.id === id)) {
      throw new CliUsageError(`${id} is already a service in gateway.json`)
    }
    if (!/^https?:\/\/[^/]/.test(options.url)) {
      throw new CliUsageError(
        '--url must be the http(s) URL of the registry, e.g. http://host:7000/x',
      )
    }
    if (
      options.title !== undefined &&
      (options.title.trim() === '' || options.title.length > 255)
    ) {
      throw new CliUsageError('--title must be 1 to 255 characters')
    }
    const service: GatewayConfig['services'][number] = {
      id,
      url: options.url,
      ...(options.title !== undefined && { title: options.title }),
    }
    if (options.contract !== undefined) {
      service.contract = `contracts/${fileSafe(id)}.json`
      service.validation = 'request'
    }
    const next = { ...config, services: [...config.services, service] }
    // Checked before anything is written, so a refused service leaves the folder as it was.
    checkNodeGatewayConfig(next)
    if (options.contract !== undefined) {
      await mkdir(join(options.dir, 'contracts'), { recursive: true, mode: 0o700 })
      await copyFile(options.contract, join(options.dir, service.contract!)).catch(
        (error: NodeJS.ErrnoException) => {
          throw new CliUsageError(`--contract ${options.contract} cannot be read (${error.code})`)
        },
      )
    }
    await writeGatewayConfig(options.dir, next)
    const code = parseServiceId(id)!.subsystemCode
    if (!info.subsystems?.some((s) => s.code === code)) {
      await writeNodeInfo(options.dir, {
        ...info,
        subsystems: [...(info.subsystems ?? []), { code }],
      })
    }
    out.log(`${id} -> ${options.url}, added to gateway.json services[]`)
    out.log("it is listed in the directory once the node's registration is approved")
    return EXIT.OK
  })
}

/** The full id of `subsystem/service` or of a full service id; one of another member is refused. */
function serviceIdOf(value: string, member: string): string {
  const full = value.split('/').length === 2 ? `${member}/${value}` : value
  const id = parseServiceId(full)
  if (!id) {
    throw new CliUsageError(
      '<service> must be SUBSYSTEM/SERVICE or INSTANCE/CLASS/CODE/SUBSYSTEM/SERVICE',
    )
  }
  if (memberOf(full) !== member) {
    throw new CliUsageError(`<service> ${value} is not of this node's member ${member}`)
  }
  return formatServiceId(id)
}
