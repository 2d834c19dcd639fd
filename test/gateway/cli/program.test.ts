// Every kopuro command has a description and a `--help` with an example that exits 0.
import { CommanderError, type Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { exitCodeFor } from '#gateway/cli/cli-errors.js'
import { EXIT } from '#gateway/cli/exit-codes.js'
import { createProgram } from '#gateway/cli/program.js'

const silent = { log: () => {}, error: () => {} }

/** Every command below `command`, each with its path of names from the root. */
function walk(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()]
    return [{ path: here, command: sub }, ...walk(sub, here)]
  })
}

/** A fresh program whose every command writes into one buffer. */
function capturing(): { program: Command; text: () => string } {
  let text = ''
  const program = createProgram(silent)
  const output = {
    writeOut: (s: string) => void (text += s),
    writeErr: (s: string) => void (text += s),
  }
  for (const { command } of [{ command: program }, ...walk(program)])
    command.configureOutput(output)
  return { program, text: () => text }
}

/** Parses `args` as the CLI would and returns the exit code and what commander printed. */
async function parse(args: string[]): Promise<{ code: number; text: string }> {
  const { program, text } = capturing()
  try {
    await program.parseAsync(['node', 'kopuro', ...args])
    return { code: EXIT.OK, text: text() }
  } catch (error) {
    expect(error).toBeInstanceOf(CommanderError)
    return { code: exitCodeFor(error), text: text() }
  }
}

const commands = walk(createProgram(silent))

describe('the kopuro command tree', () => {
  it('has the commands the requirement names', () => {
    const names = commands.map((c) => c.path.join(' '))
    for (const name of [
      'init',
      'client add',
      'service add',
      'role-token',
      'pki init',
      'token',
      'config check',
      'audit verify',
      'audit query',
      'audit export',
      'audit evidence',
      'evidence verify',
      'admin publish',
      'admin grant',
      'admin revoke',
      'admin disable',
      'register',
      'directory init',
      'directory serve',
      'directory requests',
      'directory approve',
      'directory reject',
    ]) {
      expect(names).toContain(name)
    }
  })

  it.each(commands.map((c) => [c.path.join(' '), c] as const))(
    '%s has a description and --help with an example, exit 0',
    async (_, { path, command }) => {
      expect(command.description().length).toBeGreaterThan(10)
      const { code, text } = await parse([...path, '--help'])
      expect(code).toBe(EXIT.OK)
      expect(text).toContain(`Usage: kopuro ${path.join(' ')}`)
      expect(text).toMatch(/\nExamples?:\n {2}.*npx kopuro /)
    },
  )

  it('documents the exit codes in the root help', async () => {
    const { code, text } = await parse(['--help'])
    expect(code).toBe(EXIT.OK)
    expect(text).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 /)
  })

  it('turns usage errors into exit code 2 with a message', async () => {
    expect(await parse(['bogus'])).toMatchObject({ code: 2, text: /unknown command 'bogus'/ })
    expect(await parse(['token'])).toMatchObject({ code: 2, text: /required option '--client/ })
    expect(await parse(['audit', 'query', '--nope'])).toMatchObject({
      code: 2,
      text: /unknown option '--nope'/,
    })
    expect(await parse(['audit', 'query', '--limit', '5000'])).toMatchObject({
      code: 2,
      text: /--limit <n>.*from 1 to 1000/,
    })
    expect(await parse(['audit', 'export', '--format', 'xml'])).toMatchObject({
      code: 2,
      text: /Allowed choices are ndjson, csv/,
    })
    expect(await parse(['audit', 'query', '--status', 'ok'])).toMatchObject({ code: 2 })
    expect(await parse(['audit', 'evidence', 'loan-7', '--request-id', 'a b'])).toMatchObject({
      code: 2,
      text: /--request-id <id>.*printable ASCII/,
    })
    expect(await parse(['audit', 'query', '--x-road-id', 'x'.repeat(129)])).toMatchObject({
      code: 2,
      text: /--x-road-id <id>/,
    })
    expect(await parse(['audit', 'evidence', 'loan-7', '--seq', '0'])).toMatchObject({
      code: 2,
      text: /--seq <n>.*record number/,
    })
    expect(await parse(['audit', 'evidence'])).toMatchObject({
      code: 2,
      text: /missing required argument 'x-road-id'/,
    })
    expect(await parse(['admin', 'grant', '--endpoint', 'GET'])).toMatchObject({ code: 2 })
    expect(await parse(['pki'])).toMatchObject({ code: 2, text: /Usage: kopuro pki/ })
  })
})
