// Commander wiring of `kopuro directory …`: serve, mirror, token and admin.
import { InvalidArgumentError, type Command } from 'commander'
import { ADMIN_ACTIONS, directoryAdminCommand } from './directory-admin.js'
import { withExample } from './help-text.js'
import type { directoryMirrorCommand as DirectoryMirrorCommand } from './directory-mirror.js'
import type { directoryServeCommand as DirectoryServeCommand } from './directory-serve.js'
import type { directoryTokenCommand as DirectoryTokenCommand } from './directory-token.js'

// Implementations load on use: a gateway process never loads the authority or the PKI code.
const directoryMirrorCommand: typeof DirectoryMirrorCommand = async (...args) =>
  (await import('./directory-mirror.js')).directoryMirrorCommand(...args)
const directoryServeCommand: typeof DirectoryServeCommand = async (...args) =>
  (await import('./directory-serve.js')).directoryServeCommand(...args)
const directoryTokenCommand: typeof DirectoryTokenCommand = async (...args) =>
  (await import('./directory-token.js')).directoryTokenCommand(...args)

type Out = { log(s: string): void; error(s: string): void }
type Options = Record<string, string | undefined>

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

function integer(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new InvalidArgumentError('expected a whole number')
  return Number(value)
}

/** The flags `directory admin` passes on as operation parameters (see directory-admin-params). */
const ADMIN_FLAGS: [string, string][] = [
  ['--id <id>', 'member, subsystem, node or service id; for approve, the item id or kid'],
  ['--name <name>', 'display name'],
  ['--kind <kind>', 'approve: member, subsystem, node, key or service'],
  ['--member <memberId>', 'the member whose key it is'],
  ['--federation-url <url>', "the node's federation listener, https://host:port"],
  ['--fingerprint <hex>', 'TLS certificate SHA-256'],
  ['--cert-file <file>', 'a PEM certificate (node: its fingerprint is sent; add-ca: the CA)'],
  ['--jwk-file <file>', 'a JWK file; only its public half is sent'],
  ['--log-key-file <file>', "register-node, rotate-log-key: the node's log key (public half sent)"],
  ['--not-before <time>', 'RFC 3339'],
  ['--not-after <time>', 'RFC 3339'],
  ['--overlap <seconds>', 'rotate-key: how long the old keys stay valid'],
  ['--title <title>', 'service title'],
  ['--digest <b64url>', 'contract SHA-256'],
  ['--contract-file <file>', 'compute the contract digest from this file'],
  ['--contract-url <url>', 'where the contract is published'],
  ['--kid <kid>', 'revoke-key: the key id'],
  ['--code <code>', 'member class or global group code'],
  ['--description <text>', 'member class or global group description'],
  ['--group <code>', 'global group code'],
  ['--subsystem <id>', 'global group member'],
]

/**
 * Adds `directory serve | mirror | token | admin <action>` to the kopuro program.
 *
 * @example addDirectoryCommands(program, { log: console.log, error: console.error })
 */
export function addDirectoryCommands(program: Command, out: Out): void {
  const directory = program
    .command('directory')
    .description('the federation directory: authority, mirrors and registration')
  withExample(directory, 'npx kopuro directory admin list --token "$(npx kopuro directory token)"')
  addServe(directory, out)
  addMirror(directory, out)
  addToken(directory, out)
  addAdmin(directory, out)
}

function addServe(directory: Command, out: Out): void {
  const serve = directory
    .command('serve')
    .description('run the directory authority (registry, change log, signed directory)')
    .requiredOption('--state <file>', 'registry state file (created on first start)')
    .requiredOption('--directory-key <file>', "the PKI's federation/directory-key.private.jwk.json")
    .option('--instance <code>', 'federation instance of a new registry, e.g. KG')
    .option('--member-class <code=description>', 'member class of a new registry (repeat)', collect)
    .option('--validity <seconds>', 'document validity of a new registry (3600)', integer)
    .option('--last-serial <n>', 'serial a new registry continues from', integer)
    .option('--auto-approve', 'approve registrations at once (sandbox)')
    .option('--port <port>', 'listen port', integer, 8080)
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--admin-key <file>', 'admin token key (default: beside the state file)')
    .option('--change-log <dir>', 'change log directory (default: changes/ beside the state)')
    .option('--document-file <file>', 'also write every published JWS to this file')
  withExample(
    serve,
    'npx kopuro directory serve --state .kopuro/directory/registry.json ' +
      '--directory-key .kopuro/pki/federation/directory-key.private.jwk.json --instance KG ' +
      '--member-class GOV=Government --port 8080',
  )
  serve.action(
    async (opts: Parameters<typeof directoryServeCommand>[0] & { memberClass?: string[] }) => {
      process.exitCode = await directoryServeCommand(
        { ...opts, memberClasses: opts.memberClass },
        out,
      )
    },
  )
}

function addMirror(directory: Command, out: Out): void {
  const mirror = directory
    .command('mirror')
    .description('mirror the signed directory: verify it, re-serve the exact bytes')
    .requiredOption('--anchor <file>', 'the federation anchor (keys and sources)')
    .option('--from <url>', 'document URL to mirror (repeat; default: anchor sources)', collect)
    .option('--port <port>', 'listen port', integer, 8081)
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--poll <ms>', 'poll interval', integer, 60_000)
    .option('--cache-file <file>', 'keep the last good copy here')
  withExample(
    mirror,
    'npx kopuro directory mirror --anchor .kopuro/directory/anchor.json ' +
      '--from http://127.0.0.1:8080/directory --port 8081',
  )
  mirror.action(
    async (opts: {
      anchor: string
      from?: string[]
      port: number
      host: string
      poll: number
      cacheFile?: string
    }) => {
      const { anchor, poll, ...rest } = opts
      process.exitCode = await directoryMirrorCommand(
        { ...rest, anchorFile: anchor, pollMs: poll },
        out,
      )
    },
  )
}

function addToken(directory: Command, out: Out): void {
  const token = directory
    .command('token')
    .description('print an admin token for the directory authority')
    .option(
      '--state <file>',
      'registry state file (the admin key is beside it)',
      '.kopuro/directory/registry.json',
    )
    .option('--admin-key <file>', 'admin key file, when not beside the state file')
    .option('--subject <name>', 'who acts (recorded in the change log)', 'admin')
    .option('--role <role>', 'admin or observer', 'admin')
    .option('--ttl <seconds>', 'lifetime', integer, 3600)
  withExample(
    token,
    'export KOPURO_DIRECTORY_TOKEN="$(npx kopuro directory token --subject alice)"',
  )
  token.action(async (opts: Parameters<typeof directoryTokenCommand>[0]) => {
    process.exitCode = await directoryTokenCommand(opts, out)
  })
}

function addAdmin(directory: Command, out: Out): void {
  const admin = directory
    .command('admin <action>')
    .description(`call the authority's admin API; action: ${ADMIN_ACTIONS.join(', ')}`)
    .option('--authority <url>', 'the authority base URL', 'http://127.0.0.1:8080')
    .option('--token <jwt>', 'admin token (default: $KOPURO_DIRECTORY_TOKEN)')
  for (const [flags, description] of ADMIN_FLAGS) admin.option(flags, description)
  withExample(
    admin,
    'npx kopuro directory admin approve --kind member --id KG/GOV/70000001',
    'npx kopuro directory admin list --authority http://127.0.0.1:8080',
  )
  admin.action(async (action: string, opts: Options) => {
    const { authority = '', token = process.env['KOPURO_DIRECTORY_TOKEN'] ?? '', ...params } = opts
    process.exitCode = await directoryAdminCommand(action, params, { authority, token }, out)
  })
}
