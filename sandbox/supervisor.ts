// The sandbox's process supervisor: starts each process, waits until it answers, stops or
// restarts one on request, and takes every child down with it.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { waitForHttp } from './wait-for-http.js'
import type { SandboxProcess } from './sandbox-file.js'

const EXIT_WITH_SUPERVISOR = pathToFileURL(
  join(import.meta.dirname, 'exit-with-supervisor.ts'),
).href

export interface ProcessSpec {
  name: string
  kind: SandboxProcess['kind']
  /** A TypeScript entry point, run with `node --import tsx`. */
  module: string
  args: string[]
  env?: Record<string, string>
  /** Polled until it answers 2xx. */
  readyUrl: string
  /** Shown in the progress output and the summary (`:4771`). */
  port: number
}

export type ProcessState = 'starting' | 'ready' | 'failed' | 'stopped' | 'exited'

interface Managed {
  spec: ProcessSpec
  child?: ChildProcess
  state: ProcessState
  /** Set while the supervisor itself stops it: its exit is expected. */
  stopping: boolean
}

export interface SupervisorOptions {
  cwd: string
  readyTimeoutMs?: number
  /** A child that exits on its own (not stopped by the supervisor). */
  onUnexpectedExit?: (name: string, code: number | null, signal: string | null) => void
}

export class Supervisor {
  readonly #managed = new Map<string, Managed>()
  readonly #options: SupervisorOptions

  constructor(options: SupervisorOptions) {
    this.#options = options
  }

  /** Spawns without waiting; `waitReady` waits. */
  spawn(spec: ProcessSpec): void {
    const managed: Managed = this.#managed.get(spec.name) ?? {
      spec,
      state: 'starting',
      stopping: false,
    }
    managed.state = 'starting'
    managed.stopping = false
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', EXIT_WITH_SUPERVISOR, spec.module, ...spec.args],
      {
        cwd: this.#options.cwd,
        env: { ...process.env, ...spec.env },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      },
    )
    child.channel?.unref()
    managed.child = child
    child.on('exit', (code, signal) => {
      if (managed.child !== child) return
      const expected = managed.stopping
      managed.state = expected ? 'stopped' : 'exited'
      if (!expected) this.#options.onUnexpectedExit?.(spec.name, code, signal)
    })
    this.#managed.set(spec.name, managed)
  }

  async waitReady(name: string): Promise<void> {
    const managed = this.#get(name)
    const exited = new Promise<never>((_, reject) =>
      managed.child!.once('exit', (code) => reject(new Error(`exited with code ${code}`))),
    )
    exited.catch(() => undefined)
    try {
      await Promise.race([
        waitForHttp(managed.spec.readyUrl, {
          timeoutMs: this.#options.readyTimeoutMs ?? 45_000,
          intervalMs: 100,
        }),
        exited,
      ])
      managed.state = 'ready'
    } catch (e) {
      managed.state = 'failed'
      throw e
    }
  }

  /** Stops one process (SIGTERM, then SIGKILL after `graceMs`). */
  async stop(name: string, graceMs = 5000): Promise<void> {
    const managed = this.#get(name)
    const child = managed.child
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      managed.state = 'stopped'
      return
    }
    managed.stopping = true
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
    managed.state = 'stopped'
  }

  /** Starts a stopped process again and waits until it answers. */
  async start(name: string): Promise<void> {
    const managed = this.#get(name)
    if (managed.child && managed.child.exitCode === null && managed.child.signalCode === null) {
      return
    }
    this.spawn(managed.spec)
    await this.waitReady(name)
  }

  /** Stops everything, in reverse start order. */
  async stopAll(graceMs = 5000): Promise<void> {
    const names = [...this.#managed.keys()].reverse()
    await Promise.all(names.map((n) => this.stop(n, graceMs)))
  }

  list(): {
    name: string
    kind: string
    pid: number | undefined
    state: ProcessState
    port: number
    readyUrl: string
  }[] {
    return [...this.#managed.values()].map((m) => ({
      name: m.spec.name,
      kind: m.spec.kind,
      pid: m.child?.pid,
      state: m.state,
      port: m.spec.port,
      readyUrl: m.spec.readyUrl,
    }))
  }

  has(name: string): boolean {
    return this.#managed.has(name)
  }

  #get(name: string): Managed {
    const managed = this.#managed.get(name)
    if (!managed) throw new Error(`no process named ${name}`)
    return managed
  }
}
