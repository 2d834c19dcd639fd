// The whole sandbox as a user starts it (`npm start` in a child process), on a free block of
// ports and in its own directory, so tests never touch a developer's `.kopuro/`.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readSandboxFile, type SandboxDescription } from '#sandbox/sandbox-file.js'

const ROOT = resolve(import.meta.dirname, '../..')

export interface RunningSandbox {
  dir: string
  sandboxFile: string
  sandbox: SandboxDescription
  process: ChildProcess
  /** Everything `npm start` printed so far. */
  output(): string
  /**
   * Ctrl-C (SIGINT to the process group, as a terminal sends it). Resolves once every process
   * that held the output open has exited, with npm's exit code or signal.
   */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** A block of `count` consecutive free loopback ports below the ephemeral range. */
export async function freePortBlock(count = 100): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + 100 * Math.floor(Math.random() * 100)
    const ports = Array.from({ length: count }, (_, i) => base + i)
    const free = await Promise.all(ports.map(isFree))
    if (free.every(Boolean)) return base
  }
  throw new Error('no free block of ports')
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/**
 * Runs `npm start -- --dir <tmp> --port-base <free>` and waits until it says it is running.
 *
 * @example const sb = await startSandboxProcess(); …; expect(await sb.stop()).toBe(0)
 */
export async function startSandboxProcess(
  options: { timeoutMs?: number; args?: string[] } = {},
): Promise<RunningSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'kopuro-sandbox-'))
  const portBase = await freePortBlock()
  const child = spawn(
    'npm',
    ['start', '--', '--dir', dir, '--port-base', String(portBase), ...(options.args ?? [])],
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  )
  let output = ''
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('close', (code, signal) => r({ code, signal })),
  )
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGINT')
    return exited
  }
  try {
    await waitFor(() => output.includes('kopuro sandbox is running'), {
      timeoutMs: options.timeoutMs ?? 240_000,
      failed: () => (child.exitCode !== null ? `npm start exited ${child.exitCode}` : undefined),
    })
  } catch (e) {
    await stop()
    await rm(dir, { recursive: true, force: true })
    throw new Error(`${(e as Error).message}\n${output}`)
  }
  const sandboxFile = join(dir, 'sandbox.json')
  return {
    dir,
    sandboxFile,
    sandbox: await readSandboxFile(sandboxFile),
    process: child,
    output: () => output,
    stop,
  }
}

async function waitFor(
  done: () => boolean,
  options: { timeoutMs: number; failed: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs
  while (!done()) {
    const failure = options.failed()
    if (failure) throw new Error(failure)
    if (Date.now() > deadline) throw new Error('the sandbox did not start in time')
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
