// The benchmark's child processes: spawned, watched, and all stopped at the end, even on failure.
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')

const TAIL_BYTES = 8192
const STOP_GRACE_MS = 8000

export interface SpawnOptions {
  name: string
  /** A TypeScript module to run with `node --import tsx`, relative to the project root. */
  module?: string
  /** A program on the PATH to run instead of a module (redis-server). */
  program?: string
  args?: string[]
  env?: Record<string, string>
  /** Extra node flags before `--import tsx` (for example `--cpu-prof`). */
  nodeFlags?: string[]
  /** A process expected to finish on its own (a load run); its exit is not a failure. */
  transient?: boolean
}

export interface ManagedProcess {
  name: string
  pid: number
  /** `performance.now()` when the process was spawned. */
  spawnedAt: number
  /** Resolves with the first stdout line matching the pattern; rejects if the process exits. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>
  /** The last few KB of the process's stdout and stderr, for error reports. */
  tail(): string
  /** Stops this process alone (SIGTERM, then SIGKILL); the group no longer expects it alive. */
  stop(): Promise<void>
}

export interface ProcessGroup {
  spawn(options: SpawnOptions): ManagedProcess
  /** Throws if a long-running process died while the benchmark needed it. */
  assertAlive(): void
  stopAll(): Promise<void>
}

/**
 * Creates a group whose processes are all stopped by `stopAll()` (SIGTERM, then SIGKILL after a
 * grace period) and, as a last resort, SIGKILLed when this process exits.
 *
 * @example const group = createProcessGroup(); group.spawn({ name: 'registry', module: 'services/population/server.ts' })
 */
export function createProcessGroup(): ProcessGroup {
  const children: Child[] = []
  let stopping = false
  const killRemaining = () => {
    for (const c of children) if (isRunning(c.child)) c.child.kill('SIGKILL')
  }
  process.once('exit', killRemaining)
  return {
    spawn(options) {
      const child = spawnChild(options)
      const managed = manage(options.name, child)
      const entry: Child = {
        name: options.name,
        child,
        mayExit: options.transient ?? false,
        tail: managed.tail,
      }
      children.push(entry)
      const stop = async () => {
        entry.mayExit = true
        await stopChild(child)
      }
      return { ...managed, stop }
    },
    assertAlive() {
      const dead = children.find((c) => !c.mayExit && !isRunning(c.child))
      if (dead && !stopping) {
        throw new Error(`${dead.name} exited unexpectedly:\n${dead.tail()}`)
      }
    },
    async stopAll() {
      stopping = true
      await Promise.all(children.map((c) => stopChild(c.child)))
      process.off('exit', killRemaining)
    },
  }
}

interface Child {
  name: string
  child: ChildProcess
  /** A transient process, or one stopped on purpose: its exit is not a failure. */
  mayExit: boolean
  tail: () => string
}

function spawnChild(options: SpawnOptions): ChildProcess {
  const [file, args] = commandLine(options)
  return spawn(file, args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function commandLine(options: SpawnOptions): [string, string[]] {
  const args = options.args ?? []
  if (options.program) return [options.program, args]
  if (!options.module) throw new TypeError(`${options.name}: give a module or a program to run`)
  const flags = [...(options.nodeFlags ?? []), '--import', 'tsx']
  return [process.execPath, [...flags, options.module, ...args]]
}

/** Stdout lines kept for `waitForLine`; a chatty process cannot grow memory without bound. */
const MAX_LINES = 1000

interface Output {
  lines: string[]
  tail: string
  waiters: Set<() => void>
}

function collectOutput(child: ChildProcess): Output {
  const output: Output = { lines: [], tail: '', waiters: new Set() }
  let partial = ''
  const keepTail = (text: string) => (output.tail = (output.tail + text).slice(-TAIL_BYTES))
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8')
    keepTail(text)
    const parts = (partial + text).split('\n')
    partial = parts.pop() ?? ''
    output.lines.push(...parts)
    output.lines.splice(0, Math.max(0, output.lines.length - MAX_LINES))
    for (const wake of output.waiters) wake()
  })
  child.stderr!.on('data', (chunk: Buffer) => keepTail(chunk.toString('utf8')))
  return output
}

function manage(name: string, child: ChildProcess): Omit<ManagedProcess, 'stop'> {
  const output = collectOutput(child)
  // A program that cannot start (not installed) reports here; unhandled, it would end the bench.
  child.once('error', (error) => (output.tail += `\n${name}: ${error.message}`))
  // 'close', not 'exit': by then every byte the process wrote has been read.
  const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)))
  return {
    name,
    pid: child.pid ?? -1,
    spawnedAt: performance.now(),
    exited,
    tail: () => output.tail,
    waitForLine: (pattern, timeoutMs) => waitForLine(name, output, exited, pattern, timeoutMs),
  }
}

function waitForLine(
  name: string,
  output: Output,
  exited: Promise<number | null>,
  pattern: RegExp,
  timeoutMs: number,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const check = () => {
      const line = output.lines.find((l) => pattern.test(l))
      if (line !== undefined) finish(undefined, line)
    }
    const finish = (error: Error | undefined, line?: string) => {
      clearTimeout(timer)
      output.waiters.delete(check)
      if (error) reject(error)
      else resolve(line!)
    }
    const timer = setTimeout(
      () => finish(new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${output.tail}`)),
      timeoutMs,
    )
    void exited.then((code) =>
      finish(new Error(`${name} exited (code ${code}) before ${pattern}:\n${output.tail}`)),
    )
    output.waiters.add(check)
    check()
  })
}

/** A child that never started (spawn error) has no pid and will never emit 'exit'. */
function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null
}

/** SIGTERM lets gateways flush their logs and write CPU profiles; SIGKILL if they do not finish. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
  await exited
  clearTimeout(timer)
}
