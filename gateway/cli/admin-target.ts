// Which gateway admin listener a command talks to, and with which role token.
import { readFile } from 'node:fs/promises'
import { Option, type Command } from 'commander'
import { memberOf } from '../identifiers/index.js'
import { CliUsageError } from './cli-errors.js'

export interface AdminTarget {
  /** The admin listener's base URL, without a trailing slash. */
  url: string
  token: string
}

/** The flags `withAdminTargetOptions` adds, as commander hands them over. */
export interface AdminTargetOptions {
  node?: string
  /** Every node of this member in the sandbox file (write commands). */
  member?: string
  sandbox: string
  admin?: string
  /** The earlier spelling of `--admin`, still accepted. */
  adminUrl?: string
  token?: string
}

export type AdminRole = 'admin' | 'auditor'

/** `$KOPURO_SANDBOX`, else the sandbox's default place (a sandbox started with `--dir` elsewhere). */
export const DEFAULT_SANDBOX_FILE = process.env['KOPURO_SANDBOX'] || '.kopuro/sandbox.json'

/** The parts of `.kopuro/sandbox.json` a target is looked up in. */
interface SandboxTargets {
  gateways?: { node: string; adminUrl: string }[]
  roleTokens?: Record<string, Partial<Record<AdminRole, string>>>
}

/** Adds `--node`, `--admin`, `--token` and `--sandbox` to a command that calls an admin listener. */
export function withAdminTargetOptions(command: Command): Command {
  return command
    .option('--node <node>', 'the gateway node, e.g. KG/COM/10000001/gw1 (looked up in --sandbox)')
    .option('--admin <url>', "the node's admin listener URL (instead of the sandbox file)")
    .addOption(new Option('--admin-url <url>').hideHelp())
    .option('--token <jwt>', 'a role token (default: $KOPURO_TOKEN, else the sandbox file)')
    .option('--sandbox <file>', 'the sandbox description', DEFAULT_SANDBOX_FILE)
}

/**
 * The admin URL and a role token: `--admin` and `--token` (or `KOPURO_TOKEN`) when given, the rest
 * from the sandbox file's entry for `--node`. Missing pieces are a usage error (exit 2).
 *
 * @example await resolveAdminTarget({ node: 'KG/COM/10000001/gw1', sandbox }, 'auditor')
 */
export async function resolveAdminTarget(
  options: AdminTargetOptions,
  role: AdminRole,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AdminTarget> {
  const url = options.admin ?? options.adminUrl
  const token = options.token || env['KOPURO_TOKEN'] || undefined
  if (url && token) return { url: checkedUrl(url), token }
  if (!options.node) {
    throw new CliUsageError(
      'name the gateway node (--node) or give --admin and --token (or set KOPURO_TOKEN)',
    )
  }
  const sandbox = await readSandboxTargets(options.sandbox)
  const gateway = sandbox.gateways?.find((g) => g.node === options.node)
  if (!gateway) throw new CliUsageError(`no gateway node ${options.node} in ${options.sandbox}`)
  const member = memberOf(options.node)
  const found = token ?? sandbox.roleTokens?.[member]?.[role]
  if (!found) throw new CliUsageError(`no ${role} token for ${member} in ${options.sandbox}`)
  return { url: checkedUrl(url ?? gateway.adminUrl), token: found }
}

/**
 * The nodes a command goes to: `--node` (or `--admin`) alone, or with `--member` every node of
 * that member in the sandbox file, in its order. Each node keeps its own policy, so a change meant
 * for the member goes to all of them.
 */
export async function resolveTargetNodes(
  options: AdminTargetOptions,
): Promise<(string | undefined)[]> {
  if (!options.member) return [options.node]
  if (options.node || options.admin || options.adminUrl) {
    throw new CliUsageError('give either --member or --node/--admin, not both')
  }
  const sandbox = await readSandboxTargets(options.sandbox)
  const nodes = (sandbox.gateways ?? [])
    .map((g) => g.node)
    .filter((n) => memberOf(n) === options.member)
  if (nodes.length === 0) {
    throw new CliUsageError(`no gateway node of ${options.member} in ${options.sandbox}`)
  }
  return nodes
}

async function readSandboxTargets(file: string): Promise<SandboxTargets> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    throw new CliUsageError(`cannot read ${file}: is the sandbox running (npm start)?`, { cause })
  }
  try {
    return JSON.parse(text) as SandboxTargets
  } catch (cause) {
    throw new CliUsageError(`${file} is not JSON`, { cause })
  }
}

/** Only http(s) URLs; a bad one is caught here rather than as a network failure later. */
function checkedUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (cause) {
    throw new CliUsageError(`--admin is not a URL: ${url}`, { cause })
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliUsageError(`--admin must be an http(s) URL: ${url}`)
  }
  return url.replace(/\/+$/, '')
}
