// Commander wiring of a member's own node folder: `init`, `client add`, `service add` and
// `role-token`.
import { InvalidArgumentError, Option, type Command } from 'commander'
import { parseDuration } from './duration.js'
import { withExample } from './help-text.js'
import type { clientAddCommand as ClientAddCommand } from './client-add.js'
import type { initCommand as InitCommand } from './node-init.js'
import type { roleTokenCommand as RoleTokenCommand } from './role-token.js'
import type { serviceAddCommand as ServiceAddCommand } from './service-add.js'

// Implementations load on use: `kopuro gateway` never loads the PKI code behind `init`.
const initCommand: typeof InitCommand = async (...args) =>
  (await import('./node-init.js')).initCommand(...args)
const clientAddCommand: typeof ClientAddCommand = async (...args) =>
  (await import('./client-add.js')).clientAddCommand(...args)
const serviceAddCommand: typeof ServiceAddCommand = async (...args) =>
  (await import('./service-add.js')).serviceAddCommand(...args)
const roleTokenCommand: typeof RoleTokenCommand = async (...args) =>
  (await import('./role-token.js')).roleTokenCommand(...args)

type Out = { log(s: string): void; error(s: string): void }

/** The roles of gateway/admin/role-tokens.ts, listed here so `--help` needs no admin code. */
export const ROLE_CHOICES = ['admin', 'auditor', 'observer', 'member'] as const

function port(value: string): number {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : 0
  if (n < 1 || n > 65535) throw new InvalidArgumentError('expected a port number, 1 to 65535')
  return n
}

const DIR = '/srv/kopuro/gw1'

/**
 * Adds `init`, `client add`, `service add` and `role-token` to the kopuro program.
 *
 * @example addNodeCommands(program, { log: console.log, error: console.error })
 */
export function addNodeCommands(program: Command, out: Out): void {
  addInit(program, out)
  addClient(program, out)
  addService(program, out)
  addRoleToken(program, out)
}

function addInit(program: Command, out: Out): void {
  const init = program
    .command('init')
    .description("make a member's node folder: every key, the CSR, gateway.json; nothing is sent")
    .requiredOption('--member <id>', "the member's id, e.g. KG/COM/10000003")
    .requiredOption('--node <code>', 'the node code, e.g. gw1')
    .requiredOption('--host <host>', 'host name or IP address peers reach the node at (CSR SAN)')
    .requiredOption('--anchor <file>', "the federation's anchor file (copied into the folder)")
    .requiredOption('--dir <dir>', 'the node folder (made owner-only)')
    .option('--name <name>', "the member's name, sent with the registration")
    .option('--consumer-port <port>', 'consumer listener port (default 5500)', port)
    .option('--federation-port <port>', 'federation listener port (default 5501)', port)
    .option('--admin-port <port>', 'admin listener port (default 5502)', port)
    .option('--listen <addr>', 'address the listeners bind (default: --host)')
  withExample(
    init,
    `npx kopuro init --member KG/COM/10000003 --node gw1 --host 127.0.0.30 --anchor anchor.json --dir ${DIR} --name "Bank Three"`,
  )
  init.addHelpText(
    'after',
    '\nRunning it again keeps every file as it is and makes only what is missing.',
  )
  init.action(async (opts: Parameters<typeof initCommand>[0]) => {
    process.exitCode = await initCommand(opts, out)
  })
}

function addClient(program: Command, out: Out): void {
  const client = program.command('client').description("the node's information systems")
  withExample(client, `npx kopuro client add --dir ${DIR} kyc-app`)
  const add = client
    .command('add <subsystem>')
    .description('add a subsystem: its client key pair, gateway.json clients[], node.json')
    .requiredOption('--dir <dir>', 'the node folder')
    .option('--out <file>', 'private key file (default ./<subsystem id, / as _>.private.jwk.json)')
    .option('--name <name>', "the subsystem's name, sent with the registration")
    .option('--provider-only', 'a subsystem that only provides services: no client key')
  withExample(
    add,
    `npx kopuro client add --dir ${DIR} kyc-app --name "KYC application"`,
    `npx kopuro client add --dir ${DIR} KG/COM/10000003/loans --provider-only`,
  )
  add.action(
    async (subsystem: string, opts: Omit<Parameters<typeof clientAddCommand>[0], 'subsystem'>) => {
      process.exitCode = await clientAddCommand({ ...opts, subsystem }, out)
    },
  )
}

function addService(program: Command, out: Out): void {
  const service = program.command('service').description('the services the node provides')
  withExample(
    service,
    `npx kopuro service add --dir ${DIR} land/parcels --url http://10.0.0.5:7000/parcels`,
  )
  const add = service
    .command('add <service>')
    .description('add a service of the member: gateway.json services[], listed by register')
    .requiredOption('--dir <dir>', 'the node folder')
    .requiredOption('--url <url>', "the registry's base URL for the service")
    .option('--title <text>', "the service's title in the directory's catalogue")
    .option('--contract <file>', 'its OpenAPI 3 contract (JSON): requests are validated against it')
  withExample(
    add,
    `npx kopuro service add --dir ${DIR} land/parcels --url http://10.0.0.5:7000/parcels --title "Land parcels"`,
  )
  add.action(async (id: string, opts: Omit<Parameters<typeof serviceAddCommand>[0], 'service'>) => {
    process.exitCode = await serviceAddCommand({ ...opts, service: id }, out)
  })
}

function addRoleToken(program: Command, out: Out): void {
  const roleToken = program
    .command('role-token')
    .description("print a role token for the node's admin listener, signed with its admin key")
    .requiredOption('--dir <dir>', 'the node folder')
    .addOption(
      new Option('--role <role>', 'what the token may do')
        .choices(ROLE_CHOICES)
        .makeOptionMandatory(),
    )
    .option('--ttl <duration>', 'lifetime: 30s, 15m, 1h, 2d or seconds (default 1h)', parseDuration)
    .option('--subject <name>', 'who acts (default: your login name)')
    .option('--member <id>', 'for --role member: the member whose exchanges it may read')
  withExample(
    roleToken,
    `export KOPURO_TOKEN="$(npx kopuro role-token --dir ${DIR} --role admin --ttl 15m --subject alice)"`,
  )
  roleToken.action(async (opts: Parameters<typeof roleTokenCommand>[0]) => {
    process.exitCode = await roleTokenCommand(opts, out)
  })
}
