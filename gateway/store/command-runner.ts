// Run the Redis store's commands so that none waits longer than the command timeout.
import type { RedisClient } from './start-redis-client.js'

/** Runs one command (a function, so it is sent only when the runner says so). */
export type CommandRunner = <T>(command: () => Promise<T>) => Promise<T>

/**
 * Bounds every command by `timeoutMs` (docs/design.md §6: fail closed, never hang). ioredis' own command
 * timeout covers one attempt; a Cluster client retries a command on a closed node connection or a
 * redirection (100 ms apart, up to 16 times) and a Sentinel client may still be looking for its
 * master, so the bound is kept here for every topology.
 *
 * @example const run = createCommandRunner(client, 500); await run(() => client.get('k'))
 */
export function createCommandRunner(client: RedisClient, timeoutMs: number): CommandRunner {
  const start = watchFirstAttempt(client)
  return (command) => bounded(start.settled ? command() : start.attempted.then(command), timeoutMs)
}

/**
 * With no offline queue, a command sent before the first connection would fail; a node that
 * just started waits for that first attempt instead. Once it has succeeded or failed, commands
 * never wait for a connection: an outage fails them at once.
 */
function watchFirstAttempt(client: RedisClient): { settled: boolean; attempted: Promise<void> } {
  const state = { settled: false, attempted: Promise.resolve() }
  state.attempted = new Promise<void>((resolve) => {
    const settle = () => {
      state.settled = true
      client.off('ready', settle).off('close', settle)
      resolve()
    }
    client.on('ready', settle).on('close', settle)
  })
  return state
}

function bounded<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    )
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })
}
