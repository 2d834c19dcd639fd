// Commander wiring of `kopuro register`: a node folder joins its federation.
import { InvalidArgumentError, type Command } from 'commander'
import { withExample } from './help-text.js'
import type { registerCommand as RegisterCommand } from './register.js'

// The implementation loads on use, like every other command's.
const registerCommand: typeof RegisterCommand = async (...args) =>
  (await import('./register.js')).registerCommand(...args)

type Out = { log(s: string): void; error(s: string): void }

function seconds(value: string): number {
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError('expected a whole number of seconds')
  }
  return Number(value)
}

/**
 * Adds `register --dir <node dir> [--authority <url>] [--wait] [--timeout <s>]`.
 *
 * @example addRegisterCommand(program, console)
 */
export function addRegisterCommand(program: Command, out: Out): void {
  const register = program
    .command('register')
    .description("send the node folder's registration request to the federation authority")
    .requiredOption('--dir <node dir>', 'the node folder (kopuro init)')
    .option('--authority <url>', "the authority's URL (default: the one anchor.json names)")
    .option('--wait', 'poll until the operator decides; on approval install the certificate')
    .option('--timeout <seconds>', 'how long --wait polls (600)', seconds)
  withExample(
    register,
    'npx kopuro register --dir /srv/kopuro/gw1 --authority http://127.0.0.10:4400 --wait',
  )
  register.action(
    async (opts: { dir: string; authority?: string; wait?: boolean; timeout?: number }) => {
      process.exitCode = await registerCommand(
        {
          dir: opts.dir,
          authority: opts.authority,
          wait: opts.wait,
          timeoutSeconds: opts.timeout,
        },
        out,
      )
    },
  )
}
