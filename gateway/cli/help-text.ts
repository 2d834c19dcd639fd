// The example every command's `--help` ends with.
import type { Command } from 'commander'

/**
 * Appends `Example:` (or `Examples:`) and the given command lines to the command's help.
 *
 * @example withExample(cmd, 'npx kopuro audit verify .kopuro/audit/KG_COM_10000001_gw1')
 */
export function withExample(command: Command, ...examples: string[]): Command {
  const title = examples.length > 1 ? 'Examples' : 'Example'
  return command.addHelpText('after', `\n${title}:\n${examples.map((e) => `  ${e}`).join('\n')}`)
}
