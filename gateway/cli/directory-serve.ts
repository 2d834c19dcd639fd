// `kopuro directory serve`: run the federation directory authority until SIGINT/SIGTERM.
import { startAuthority, type RegistryInit } from '../directory/authority/index.js'
import { EXIT } from './exit-codes.js'
import { createLifecycleLog, signalled, signalOf } from './lifecycle-log.js'

export interface DirectoryServeOptions {
  /** The registry's JSON file; created on first start (then `instance` is required). */
  state: string
  /** The PKI's directory key: `federation/directory-key.private.jwk.json`. */
  directoryKey: string
  instance?: string
  /** `CODE=Description` pairs for a new registry, e.g. `GOV=Government agencies`. */
  memberClasses?: string[]
  /** Document validity in seconds for a new registry (default 3600). */
  validity?: number
  /** The serial a new registry continues from (what the federation's gateways hold). */
  lastSerial?: number
  autoApprove?: boolean
  port: number
  host?: string
  adminKey?: string
  changeLog?: string
  documentFile?: string
}

type Out = { log(s: string): void; error(s: string): void }

/**
 * Starts the authority and waits for `stopped` (default: SIGINT or SIGTERM). Exit code 0 after a
 * clean stop, 2 when the options or files are unusable.
 *
 * @example process.exitCode = await directoryServeCommand({ state, directoryKey, port: 8080 }, console)
 */
export async function directoryServeCommand(
  options: DirectoryServeOptions,
  out: Out,
  stopped: Promise<unknown> = signalled(),
): Promise<number> {
  let running
  try {
    running = await startAuthority({
      stateFile: options.state,
      directoryKeyFile: options.directoryKey,
      adminKeyFile: options.adminKey,
      changeLogDir: options.changeLog,
      documentFile: options.documentFile,
      init: initOf(options),
      autoApprove: options.autoApprove,
      port: options.port,
      host: options.host,
    })
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
