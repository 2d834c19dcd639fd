// The kopuro command line: PKI, tokens, gateways and audit tools.
import { readFile } from 'node:fs/promises'
import { Command } from 'commander'
import { DEFAULT_SANDBOX_LAYOUT, type PkiLayout } from '../../certs/index.js'
import { auditVerifyCommand } from './audit-verify.js'
import { addAdminCommands } from './admin-commands.js'
import { addDirectoryCommands } from './directory-commands.js'
import { evidenceVerifyCommand } from './evidence-verify.js'
import { gatewayRunCommand } from './gateway-run.js'
import { pkiInitCommand } from './pki-init.js'
import { tokenCommand } from './token.js'

const out = { log: (s: string) => console.log(s), error: (s: string) => console.error(s) }

const program = new Command('kopuro')
  .description('kopuro: an X-Road-style e-service interoperability gateway')
  .showHelpAfterError()

const pki = program.command('pki').description('the federation PKI')
pki
  .command('init <dir>')
  .description('generate the root CA, node TLS certificates and signing keys that are missing')
  .option('--layout <file>', 'a JSON PKI layout (default: the sandbox federation)')
  .action(async (dir: string, opts: { layout?: string }) => {
    const layout = opts.layout
      ? (JSON.parse(await readFile(opts.layout, 'utf8')) as PkiLayout)
      : DEFAULT_SANDBOX_LAYOUT
    process.exitCode = await pkiInitCommand(dir, layout, out)
  })

program
  .command('token')
  .description('print an access token for a client subsystem of the sandbox')
  .requiredOption('--client <subsystem>', 'the subsystem id, e.g. KG/COM/10000001/kyc-app')
  .option('--sandbox <file>', 'the sandbox description', '.kopuro/sandbox.json')
  .action(async (opts: { client: string; sandbox: string }) => {
    process.exitCode = await tokenCommand(opts.client, opts.sandbox, out)
  })

program
  .command('gateway')
  .description('run one gateway node')
  .requiredOption('--config <file>', 'the node configuration file')
  .action(async (opts: { config: string }) => {
    process.exitCode = await gatewayRunCommand(opts.config, out)
  })

const audit = program.command('audit').description('the message log')
audit
  .command('verify <dir>')
  .description('check a message log offline and name the first bad record')
  .option(
    '--head <file-or-url>',
    "a witness's signed head (GET /witness/{node} JSON, or a bare JWS); the log must contain it",
  )
  .option('--log-key <file>', 'the log public key (JWK file) every checkpoint must be signed with')
  .action(async (dir: string, opts: { head?: string; logKey?: string }) => {
    process.exitCode = await auditVerifyCommand(dir, out, opts)
  })

program
  .command('evidence')
  .description("one exchange's evidence bundle (GET /audit/evidence/{x-road-id})")
  .command('verify <file>')
  .description('check an evidence bundle offline: signatures, keys, inclusion, checkpoint')
  .option('--subject <pin>', "the data subject's code, for a provider's PIN-redacted record")
  .option('--log-key <file>', 'the log public key (JWK file) the checkpoint must be signed with')
  .action(async (file: string, opts: { subject?: string; logKey?: string }) => {
    process.exitCode = await evidenceVerifyCommand(file, out, opts)
  })

addDirectoryCommands(program, out)
addAdminCommands(program, out)

await program.parseAsync(process.argv)
