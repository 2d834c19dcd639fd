// The kopuro command tree (node folder, PKI, tokens, gateways, config, audit, evidence,
// directory, register, admin), unparsed.
import { Command } from 'commander'
import { addAdminCommands } from './admin-commands.js'
import { DEFAULT_SANDBOX_FILE } from './admin-target.js'
import { addAuditCommands } from './audit-commands.js'
import { addDirectoryCommands } from './directory-commands.js'
import { EXIT_CODES_HELP } from './exit-codes.js'
import { withExample } from './help-text.js'
import { addNodeCommands } from './node-commands.js'
import type { configCheckCommand as ConfigCheckCommand } from './config-check.js'
import { addRegisterCommand } from './register-commands.js'
import type { evidenceVerifyCommand as EvidenceVerifyCommand } from './evidence-verify.js'
import type { gatewayRunCommand as GatewayRunCommand } from './gateway-run.js'
import type { pkiInitCommand as PkiInitCommand } from './pki-init.js'
import type { tokenCommand as TokenCommand } from './token.js'

// Implementations load on use: a gateway process never loads the authority or the PKI code.
const configCheckCommand: typeof ConfigCheckCommand = async (...args) =>
  (await import('./config-check.js')).configCheckCommand(...args)
const evidenceVerifyCommand: typeof EvidenceVerifyCommand = async (...args) =>
  (await import('./evidence-verify.js')).evidenceVerifyCommand(...args)
const gatewayRunCommand: typeof GatewayRunCommand = async (...args) =>
  (await import('./gateway-run.js')).gatewayRunCommand(...args)
const pkiInitCommand: typeof PkiInitCommand = async (...args) =>
  (await import('./pki-init.js')).pkiInitCommand(...args)
const tokenCommand: typeof TokenCommand = async (...args) =>
  (await import('./token.js')).tokenCommand(...args)

type Out = { log(s: string): void; error(s: string): void }

/**
 * Builds the whole `kopuro` program. Commander's own usage errors are thrown (exitOverride) as
 * `CommanderError`s for the caller to turn into exit code 2; nothing runs until it is parsed.
 * With `version`, `kopuro --version` prints it (the caller reads it: this builds, it reads nothing).
 *
 * @example await createProgram(console, { version: readPackageVersion() }).parseAsync(process.argv)
 */
export function createProgram(out: Out, options: { version?: string } = {}): Command {
  const program = new Command('kopuro').description(
    'kopuro: an X-Road-style e-service interoperability gateway',
  )
  if (options.version !== undefined) {
    program.version(options.version, '-V, --version', 'print the version of kopuro')
  }
  program
    .showHelpAfterError('(add --help for usage and an example)')
    .exitOverride()
    .addHelpText('after', EXIT_CODES_HELP)
  withExample(program, 'npx kopuro pki init .kopuro/pki', 'npx kopuro audit query --help')
  addNodeCommands(program, out)
  addPki(program, out)
  addToken(program, out)
  addGateway(program, out)
  addConfig(program, out)
  addAuditCommands(program, out)
  addEvidence(program, out)
  addDirectoryCommands(program, out)
  addRegisterCommand(program, out)
  addAdminCommands(program, out)
  return program
}

function addPki(program: Command, out: Out): void {
  const pki = program.command('pki').description('the federation PKI')
  withExample(pki, 'npx kopuro pki init .kopuro/pki')
  const init = pki
    .command('init <dir>')
    .description('generate the root CA, node TLS certificates and signing keys that are missing')
    .option('--layout <file>', 'a JSON PKI layout (default: the sandbox federation)')
  withExample(init, 'npx kopuro pki init .kopuro/pki --layout federation-layout.json')
  init.action(async (dir: string, opts: { layout?: string }) => {
    process.exitCode = await pkiInitCommand(dir, opts.layout, out)
  })
}

function addToken(program: Command, out: Out): void {
  const token = program
    .command('token')
    .description("print an access token for an information system from its node's /token")
    .requiredOption('--client <subsystem>', 'the subsystem id, e.g. KG/COM/10000001/kyc-app')
    .option('--key <file>', "the subsystem's private key (kopuro client add --out)")
    .option('--endpoint <url>', "http://<node's listen host>:<consumer port>/token (plain HTTP)")
    .option('--sandbox <file>', 'without --key/--endpoint: the sandbox file', DEFAULT_SANDBOX_FILE)
  withExample(
    token,
    'TOKEN="$(npx kopuro token --client KG/COM/10000001/kyc-app)"',
    'TOKEN="$(npx kopuro token --client KG/COM/10000003/kyc-app ' +
      '--key KG_COM_10000003_kyc-app.private.jwk.json --endpoint http://127.0.0.30:5500/token)"',
  )
  token.addHelpText(
    'after',
    '\nThe endpoint is the consumer listener (plain HTTP, no CA to trust). The URL must be\n' +
      "exactly http://{listen.host}:{listen.consumerPort}/token of the node's gateway.json:\n" +
      'the client assertion names it as its audience.',
  )
  token.action(
    async (opts: { client: string; key?: string; endpoint?: string; sandbox: string }) => {
      const { client, ...rest } = opts
      process.exitCode = await tokenCommand(client, rest, out)
    },
  )
}

function addGateway(program: Command, out: Out): void {
  const gateway = program
    .command('gateway')
    .description('run one gateway node until SIGINT or SIGTERM')
    .requiredOption('--config <file>', 'the node configuration file')
  withExample(gateway, 'npx kopuro gateway --config .kopuro/gateways/KG_COM_10000001_gw1.json')
  gateway.action(async (opts: { config: string }) => {
    process.exitCode = await gatewayRunCommand(opts.config, out)
  })
}

function addConfig(program: Command, out: Out): void {
  const config = program.command('config').description('gateway node configuration files')
  withExample(config, 'npx kopuro config check .kopuro/gateways/KG_COM_10000001_gw1.json')
  const check = config
    .command('check <file>')
    .description('check a node configuration file against its schema, without starting the node')
  withExample(check, 'npx kopuro config check gw1.json && npx kopuro gateway --config gw1.json')
  check.action(async (file: string) => {
    process.exitCode = await configCheckCommand(file, out)
  })
}

function addEvidence(program: Command, out: Out): void {
  const evidence = program
    .command('evidence')
    .description("one exchange's evidence bundle (GET /audit/evidence/{x-road-id})")
  withExample(evidence, 'npx kopuro evidence verify evidence.json')
  const verify = evidence
    .command('verify <file>')
    .description('check an evidence bundle offline: signatures, keys, inclusion, checkpoint')
    .option('--subject <pin>', "the data subject's code, for a PIN-redacted record (either side)")
    .option('--log-key <file>', 'the log public key (JWK file) the checkpoint must be signed with')
  withExample(verify, 'npx kopuro evidence verify evidence.json --log-key gw1-log.public.jwk.json')
  verify.action(async (file: string, opts: { subject?: string; logKey?: string }) => {
    process.exitCode = await evidenceVerifyCommand(file, out, opts)
  })
}
