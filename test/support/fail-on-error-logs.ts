// Setup for every test file (vitest.config.ts setupFiles): the project's loggers report their
// error and fatal lines, and a test that wrote one it did not declare (test/support/error-logs.ts)
// fails. Loggers of child processes are not seen; only those made in the test's own process.
import { pino, type LoggerOptions } from 'pino'
import { afterAll, afterEach, vi } from 'vitest'
import type * as LoggerModule from '#gateway/lib/logger.js'
import { recordErrorLog, takeErrorLogProblems, type ErrorLogLine } from './error-logs.js'

type DestinationArgs =
  Parameters<typeof LoggerModule.createLogger> extends [unknown?, ...infer D] ? D : never

vi.mock('#gateway/lib/logger.js', async (importOriginal) => {
  const actual = await importOriginal<typeof LoggerModule>()
  return {
    ...actual,
    createLogger: (options: LoggerOptions = {}, ...destination: DestinationArgs) =>
      actual.createLogger(observed(options), ...destination),
  }
})

const ERROR = pino.levels.values['error']!

/**
 * The options with the logger's level lowered to `error` if it was higher (`silent` in tests),
 * so error lines reach the hook, which writes a line only at or above the configured level: what
 * the logger writes is unchanged.
 */
function observed(options: LoggerOptions): LoggerOptions {
  const configured = options.level ?? process.env['KOPURO_LOG_LEVEL'] ?? 'info'
  const threshold = configured === 'silent' ? Infinity : (pino.levels.values[configured] ?? 0)
  const outer = options.hooks?.logMethod
  return {
    ...options,
    level: threshold > ERROR ? 'error' : configured,
    hooks: {
      ...options.hooks,
      logMethod(args, method, level) {
        if (level >= ERROR) recordErrorLog(lineOf(this, args, level))
        if (level < threshold) return
        if (outer) outer.call(this, args, method, level)
        else method.apply(this, args)
      },
    },
  }
}

function lineOf(logger: pino.Logger, args: unknown[], level: number): ErrorLogLine {
  const [first, second] = args
  const fields =
    typeof first === 'object' && first !== null && !(first instanceof Error)
      ? (first as Record<string, unknown>)
      : undefined
  const msg =
    typeof first === 'string'
      ? first
      : typeof second === 'string'
        ? second
        : first instanceof Error
          ? first.message
          : ''
  return {
    level: level >= pino.levels.values['fatal']! ? 'fatal' : 'error',
    logger: logger.bindings()['name'] as string | undefined,
    msg,
    fields,
  }
}

afterEach(() => {
  const problems = takeErrorLogProblems()
  if (problems.length > 0)
    throw new Error(`error log check (test/support/error-logs.ts):\n${problems.join('\n')}`)
})

// Lines written after the last test (in afterAll hooks, by timers still running) fail the file.
afterAll(() => {
  const problems = takeErrorLogProblems()
  if (problems.length > 0)
    throw new Error(`error log check, after the last test:\n${problems.join('\n')}`)
})
