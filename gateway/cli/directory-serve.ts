// `kopuro directory serve`: run the federation directory authority until SIGINT/SIGTERM.
import { access } from 'node:fs/promises'
import {
  federationFolderPaths,
  readAuthorityConfig,
  registryInitOf,
  startAuthority,
  type RegistryInit,
  type StartAuthorityOptions,
} from '../directory/authority/index.js'
import { EXIT } from './exit-codes.js'
import { createLifecycleLog, signalled, signalOf } from './lifecycle-log.js'

export const DEFAULT_AUTHORITY_PORT = 8080

export interface DirectoryServeOptions {
  /** The federation folder (`kopuro directory init`): everything else comes from it. */
  dir?: string
  /** The registry's JSON file; created on first start (then `instance` is required). */
  state?: string
  /** The PKI's directory key: `federation/directory-key.private.jwk.json`. */
  directoryKey?: string
  instance?: string
  /** `CODE=Description` pairs for a new registry, e.g. `GOV=Government agencies`. */
  memberClasses?: string[]
  /** Document validity in seconds for a new registry (default 3600). */
  validity?: number
  /** The serial a new registry continues from (what the federation's gateways hold). */
  lastSerial?: number
  autoApprove?: boolean
  /** Default: authority.json's with `dir`, else 8080. */
  port?: number
  host?: string
  adminKey?: string
  changeLog?: string
  documentFile?: string
}

type Out = { log(s: string): void; error(s: string): void }

/**
 * Starts the authority and waits for `stopped` (default: SIGINT or SIGTERM): from the federation
 * folder with `dir` (its keys are only read, never made), else from `state` and `directoryKey`.
 * Exit code 0 after a clean stop, 2 when the options or files are unusable.
 *
 * @example process.exitCode = await directoryServeCommand({ dir: '/srv/kg' }, console)
 */
export async function directoryServeCommand(
  options: DirectoryServeOptions,
  out: Out,
  stopped: Promise<unknown> = signalled(),
): Promise<number> {
  let running
  try {
    running = await startAuthority(await startOptionsOf(options))
  } catch (error) {
    out.error(`directory serve: ${(error as Error).message}`)
    return EXIT.USAGE
  }
  const log = createLifecycleLog(out, 'directory-authority')
  const { serial, expiresAt } = running.authority.current()
  const ready = { url: running.url, serial, expiresAt, adminKeyFile: running.adminKeyFile }
  log.info(ready, 'directory authority ready')
  log.info(signalOf(await stopped), 'directory authority stopping')
  await running.close()
  log.info('directory authority stopped')
  return EXIT.OK
}

/** What to start from: the federation folder's files, or the flags of a registry elsewhere. */
async function startOptionsOf(options: DirectoryServeOptions): Promise<StartAuthorityOptions> {
  const flags = {
    changeLogDir: options.changeLog,
    documentFile: options.documentFile,
    autoApprove: options.autoApprove,
    host: options.host,
  }
  if (options.dir === undefined) {
    if (!options.state || !options.directoryKey) {
      throw new Error('give --dir (the federation folder), or --state and --directory-key')
    }
    return {
      ...flags,
      stateFile: options.state,
      directoryKeyFile: options.directoryKey,
      adminKeyFile: options.adminKey,
      init: initOf(options),
      port: options.port ?? DEFAULT_AUTHORITY_PORT,
    }
  }
  const paths = federationFolderPaths(options.dir)
  const config = await readAuthorityConfig(paths.authorityConfig)
  const adminKeyFile = options.adminKey ?? paths.adminKey
  for (const file of [paths.directoryKey, adminKeyFile]) {
    await access(file).catch((cause: unknown) => {
      throw new Error(`${file} is missing (kopuro directory init makes it)`, { cause })
    })
  }
  return {
    ...flags,
    stateFile: options.state ?? paths.stateFile,
    directoryKeyFile: options.directoryKey ?? paths.directoryKey,
    adminKeyFile,
    changeLogDir: options.changeLog ?? paths.changeLogDir,
    registrationsFile: paths.registrationsFile,
    init: registryInitOf(config),
    port: options.port ?? config.listen.port,
    host: options.host ?? config.listen.host,
  }
}

function initOf(options: DirectoryServeOptions): RegistryInit | undefined {
  if (options.instance === undefined) return undefined
  const memberClasses = (options.memberClasses ?? []).map((pair) => {
    const [code = '', ...rest] = pair.split('=')
    return { code, description: rest.join('=') || code }
  })
  return {
    instance: options.instance,
    memberClasses,
    ...(options.validity !== undefined && { validitySeconds: options.validity }),
    ...(options.lastSerial !== undefined && { lastSerial: options.lastSerial }),
  }
}
