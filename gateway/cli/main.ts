// The kopuro command line: parses the arguments and ends with the exit code of what ran.
import { CommanderError } from 'commander'
import { exitCodeFor } from './cli-errors.js'
import { readPackageVersion } from './package-version.js'
import { createProgram } from './program.js'

const out = { log: (s: string) => console.log(s), error: (s: string) => console.error(s) }

// A reader that stops early (`kopuro … | head`) closes the pipe: that is no crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
})

try {
  await createProgram(out, { version: readPackageVersion() }).parseAsync(process.argv)
} catch (error) {
  // Commander has printed its own message (usage errors, help); anything else is printed here.
  if (!(error instanceof CommanderError)) {
    out.error(`kopuro: ${error instanceof Error ? error.message : String(error)}`)
  }
  process.exitCode = exitCodeFor(error)
}
