// The sample apps' command line: `<pin> [--sandbox <file>] …`, one exit code per kind of outcome.
import { pathToFileURL } from 'node:url'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { KopuroError } from '../../gateway/lib/kopuro-error.js'
import { DEFAULT_SANDBOX_FILE, readSandboxFile, type SandboxDescription } from '../sandbox-file.js'
import { AppCallError } from './app-call.js'

/** What an app's exit code means. */
export const APP_EXIT = {
  /** The app did its work (a verdict, an overview, a receipt). */
  OK: 0,
  /** A call failed: refused, or the app's own gateway could not be reached. */
  CALL_FAILED: 1,
  /** Bad arguments, or no sandbox to run against. */
  USAGE: 2,
} as const

/** Bad arguments (exit 2); the message says which. */
export class UsageError extends KopuroError<'usage'> {
  constructor(message: string) {
    super('usage', message)
    this.name = 'UsageError'
  }
}

const PIN = /^[12][0-9]{13}$/

export interface AppArgs {
  pin: string
  sandboxFile: string
  values: Record<string, string | boolean | undefined>
}

/**
 * `<pin> [--sandbox <file>]` plus the app's own options; throws `UsageError` on anything else.
 *
 * @example parseAppArgs(['22905199138381', '--pay', 'FN2024000018'], { pay: { type: 'string' } })
 */
export function parseAppArgs(
  argv: string[],
  extra: NonNullable<ParseArgsConfig['options']> = {},
): AppArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { sandbox: { type: 'string', default: DEFAULT_SANDBOX_FILE }, ...extra },
    })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  const [pin, ...rest] = parsed.positionals
  if (pin === undefined) throw new UsageError('a personal identification number (PIN) is needed')
  if (!PIN.test(pin)) throw new UsageError('a PIN is 14 digits starting with 1 or 2')
  if (rest.length > 0) throw new UsageError('one PIN at a time')
  const values = parsed.values as AppArgs['values']
  return { pin, sandboxFile: String(values['sandbox']), values }
}

/** The sandbox to call through; a missing file is a usage error (no sandbox running). */
export async function loadSandbox(file: string): Promise<SandboxDescription> {
  try {
    return await readSandboxFile(file)
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
}

/** True when the module is the script node was started with (`npx tsx sandbox/apps/…`). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1]
  return script !== undefined && pathToFileURL(script).href === moduleUrl
}

const ERROR_LABEL = { 'x-road': 'X-Road-Error', registry: 'registry problem', network: 'error' }

/**
 * Runs an app's `main` and sets the exit code: `CALL_FAILED` with the error code of the call,
 * `USAGE` with the usage text.
 *
 * @example if (isMain(import.meta.url)) await runAppCli(USAGE, () => main(process.argv.slice(2)))
 */
export async function runAppCli(usage: string, main: () => Promise<void>): Promise<void> {
  try {
    await main()
    process.exitCode = APP_EXIT.OK
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${usage}`)
      process.exitCode = APP_EXIT.USAGE
    } else if (e instanceof AppCallError) {
      console.error(`✗ ${e.message}`)
      console.error(`  ${ERROR_LABEL[e.call.errorKind ?? 'network']}: ${e.code}`)
      process.exitCode = APP_EXIT.CALL_FAILED
    } else {
      throw e
    }
  }
}
