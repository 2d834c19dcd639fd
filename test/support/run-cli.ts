// Runs the real `kopuro` command (gateway/cli/bin.js) as a child process.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)
const BIN = new URL('../../gateway/cli/bin.js', import.meta.url).pathname

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * The exit code and both outputs of `kopuro ...args`; `KOPURO_TOKEN` is cleared unless `env`
 * sets it, so a developer's shell cannot change a test.
 *
 * @example const { code, stdout } = await runCli(['audit', 'query', '--help'])
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, KOPURO_TOKEN: '', ...env },
      maxBuffer: 16 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}
