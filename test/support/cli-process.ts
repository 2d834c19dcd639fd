// A long-running `kopuro` command (gateway, directory serve, directory mirror) as a child
// process whose standard output is kept line by line, to wait for a line and to stop it by signal.
import { spawn } from 'node:child_process'

/** The bin of the checkout (sources through tsx); an install test passes its own. */
export const SOURCE_BIN = new URL('../../bin/kopuro.js', import.meta.url).pathname

/** One line of pino JSON as the commands print them (docs/operations.md §2). */
export interface LogLine {
  level: number
  time: number
  msg: string
  [field: string]: unknown
}

export interface CliProcess {
  /** Every complete stdout line so far. */
  lines(): string[]
  stderr(): string
  /** Resolves with the first line (parsed) that `match` accepts; rejects if the process exits first. */
  waitForLine(match: (line: LogLine) => boolean): Promise<LogLine>
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop(signal: NodeJS.Signals): Promise<number | null>
  /** Resolves with the exit code (null after a signal the process did not handle). */
  exited: Promise<number | null>
}

/**
 * Starts `node <bin> ...args`. `KOPURO_LOG_LEVEL` is `info` unless `env` says otherwise, so the
 * process's own log lines appear beside its start and stop lines.
 *
 * @example const gw = startCli(['gateway', '--config', file]); await gw.waitForLine((l) => l.msg === 'gateway ready')
 */
export function startCli(
  args: string[],
  options: { bin?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): CliProcess {
  const child = spawn(process.execPath, [options.bin ?? SOURCE_BIN, ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KOPURO_LOG_LEVEL: 'info', ...options.env },
  })
  const lines: string[] = []
  const waiters: (() => void)[] = []
  let partial = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n')
    partial = parts.pop()!
    lines.push(...parts)
    for (const wake of waiters.splice(0)) wake()
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  let done = false
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      if (partial) lines.push(partial)
      partial = ''
      done = true
      resolve(code)
      for (const wake of waiters.splice(0)) wake()
    }),
  )
  return {
    lines: () => [...lines],
    stderr: () => stderr,
    exited,
    async waitForLine(match) {
      for (let seen = 0; ;) {
        for (; seen < lines.length; seen++) {
          const parsed = parseLine(lines[seen]!)
          if (parsed && match(parsed)) return parsed
        }
        if (done) {
          throw new Error(`exited (${await exited}) first; stdout:\n${lines.join('\n')}\n${stderr}`)
        }
        await new Promise<void>((wake) => waiters.push(wake))
      }
    },
    async stop(signal) {
      if (!done) child.kill(signal)
      return exited
    },
  }
}

/** The line as pino JSON, or undefined when it is not JSON at all. */
export function parseLine(line: string): LogLine | undefined {
  try {
    return JSON.parse(line) as LogLine
  } catch {
    return undefined
  }
}
