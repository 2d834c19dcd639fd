// Commander wiring of `kopuro directory …`: init, serve, mirror, token, admin and registrations.
import { InvalidArgumentError, type Command } from 'commander'
import { DEFAULT_SANDBOX_FILE } from './admin-target.js'
import { ADMIN_ACTIONS, directoryAdminCommand } from './directory-admin.js'
import type { directoryInitCommand as DirectoryInitCommand } from './directory-init.js'
import type * as DirectoryRegistrations from './directory-registrations.js'
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
const directoryInitCommand: typeof DirectoryInitCommand = async (...args) =>
  (await import('./directory-init.js')).directoryInitCommand(...args)
const registrations = (): Promise<typeof DirectoryRegistrations> =>
  import('./directory-registrations.js')

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
 * Adds `directory init | serve | mirror | token | admin <action> | requests | approve | reject`
 * to the kopuro program.
 *
 * @example addDirectoryCommands(program, { log: console.log, error: console.error })
 */
export function addDirectoryCommands(program: Command, out: Out): void {
  const directory = program
    .command('directory')
    .description('the federation directory: authority, mirrors and registration')
  withExample(
    directory,
    'npx kopuro directory init /srv/kg-federation --instance KG --public-url http://127.0.0.10:4400',
    'npx kopuro directory admin list --token "$(npx kopuro directory token)"',
  )
  addInit(directory, out)
  addServe(directory, out)
  addMirror(directory, out)
  addToken(directory, out)
  addAdmin(directory, out)
  addRegistrations(directory, out)
}

function addInit(directory: Command, out: Out): void {
  const init = directory
    .command('init <dir>')
    .description('make the federation folder: root CA, directory and admin keys, anchor, registry')
    .requiredOption('--instance <code>', 'the federation (X-Road instance), e.g. KG')
    .requiredOption('--public-url <url>', 'where members reach the authority')
    .option('--member-class <code=description>', 'a member class (repeat)', collect)
    .option('--host <host>', 'listen address (default: the public URL host)')
    .option('--port <port>', 'listen port (default: the public URL port)', integer)
    .option('--validity <seconds>', 'directory document validity (3600)', integer)
  withExample(
    init,
    'npx kopuro directory init /srv/kg-federation --instance KG --public-url http://127.0.0.10:4400 ' +
      '--member-class GOV=Government --member-class COM=Commercial',
  )
  init.action(
    async (
      dir: string,
      opts: Parameters<typeof directoryInitCommand>[1] & { memberClass?: string[] },
    ) => {
      process.exitCode = await directoryInitCommand(
        dir,
        { ...opts, memberClasses: opts.memberClass },
        out,
      )
    },
  )
}

/** `--authority`, `--dir`, `--token`, `--subject`, `--sandbox`: where and as whom (directory-target.ts). */
function withDirectoryTarget(command: Command): Command {
  return command
    .option(
      '--authority <url>',
      "the authority's URL (default: --dir's publicUrl, or the sandbox's)",
    )
    .option('--dir <fed dir>', 'the federation folder: authority.json, the admin key, the CA')
    .option(
      '--token <jwt>',
      "admin token (default: $KOPURO_DIRECTORY_TOKEN, else --dir's admin key)",
    )
    .option('--subject <name>', 'who acts, for a token signed here (default: your login name)')
    .option(
      '--sandbox <file>',
      'the sandbox description, without --authority or --dir',
      DEFAULT_SANDBOX_FILE,
    )
}

function addRegistrations(directory: Command, out: Out): void {
  const requests = withDirectoryTarget(
    directory
      .command('requests')
      .description('list registration requests: id, member, node, host, TLS key, signing kid')
      .option('--status <status>', 'pending, approved, rejected or all', 'pending'),
  )
  withExample(requests, 'npx kopuro directory requests --dir /srv/kg-federation')
  requests.action(async (opts: DirectoryRegistrations.RequestsOptions) => {
    process.exitCode = await (await registrations()).directoryRequestsCommand(opts, out)
  })

  const approve = withDirectoryTarget(
    directory
      .command('approve <id>')
      .description("issue a pending request's node certificate from --dir's CA and approve it")
      .option('--validity-days <days>', 'node certificate validity (365)', integer),
  )
  withExample(approve, 'npx kopuro directory approve reg_… --dir /srv/kg-federation')
  approve.action(async (id: string, opts: DirectoryRegistrations.ApproveOptions) => {
    process.exitCode = await (await registrations()).directoryApproveCommand(id, opts, out)
  })

  const reject = withDirectoryTarget(
    directory
      .command('reject <id>')
      .description('reject a pending registration request; the node is shown the reason')
      .requiredOption('--reason <text>', 'why (1-500 characters)'),
  )
  withExample(
    reject,
    'npx kopuro directory reject reg_… --dir /srv/kg-federation --reason "unknown member code"',
  )
  reject.action(async (id: string, opts: DirectoryRegistrations.RejectOptions) => {
    process.exitCode = await (await registrations()).directoryRejectCommand(id, opts, out)
  })
}

function addServe(directory: Command, out: Out): void {
  const serve = directory
    .command('serve')
    .description('run the directory authority (registry, change log, signed directory)')
    .option('--dir <fed dir>', 'the federation folder (directory init): all settings and files')
    .option('--state <file>', 'registry state file (created on first start), without --dir')
    .option('--directory-key <file>', "the PKI's federation/directory-key.private.jwk.json")
    .option('--instance <code>', 'federation instance of a new registry, e.g. KG')
    .option('--member-class <code=description>', 'member class of a new registry (repeat)', collect)
    .option('--validity <seconds>', 'document validity of a new registry (3600)', integer)
    .option('--last-serial <n>', 'serial a new registry continues from', integer)
    .option('--auto-approve', 'approve registrations at once (sandbox)')
    .option('--port <port>', "listen port (default: authority.json's, or 8080)", integer)
    .option('--host <host>', "listen address (default: authority.json's, or 127.0.0.1)")
    .option('--admin-key <file>', 'admin token key (default: beside the state file)')
    .option('--change-log <dir>', 'change log directory (default: changes/ beside the state)')
    .option('--document-file <file>', 'also write every published JWS to this file')
  withExample(
    serve,
    'npx kopuro directory serve --dir /srv/kg-federation',
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
