// `kopuro directory mirror`: re-serve the verified directory from other sources until stopped.
import { readFile } from 'node:fs/promises'
import type { DirectoryAnchor } from '../directory/index.js'
import { startMirror } from '../directory/authority/index.js'
import { EXIT } from './exit-codes.js'
import { createLifecycleLog, signalled, signalOf } from './lifecycle-log.js'

export interface DirectoryMirrorOptions {
  /** Document URLs to mirror; default: the anchor's http(s) sources. */
  from?: string[]
  anchorFile: string
  port: number
  host?: string
  pollMs?: number
  cacheFile?: string
}

type Out = { log(s: string): void; error(s: string): void }

/**
 * Starts a mirror and waits for `stopped` (default: SIGINT or SIGTERM). Exit code 0 after a clean
 * stop, 2 when the anchor or sources are unusable.
 *
 * @example process.exitCode = await directoryMirrorCommand({ anchorFile, port: 8081 }, console)
 */
export async function directoryMirrorCommand(
  options: DirectoryMirrorOptions,
  out: Out,
  stopped: Promise<unknown> = signalled(),
): Promise<number> {
  let running
  try {
    const anchor = JSON.parse(await readFile(options.anchorFile, 'utf8')) as DirectoryAnchor
    const from = options.from?.length ? options.from : anchor.sources.filter(isHttp)
    running = await startMirror({ ...options, from, anchor })
  } catch (error) {
    out.error(`directory mirror: ${(error as Error).message}`)
    return EXIT.USAGE
  }
  const log = createLifecycleLog(out, 'directory-mirror')
  const { serial, outcome } = running.first
  log.info({ url: running.url, serial, outcome }, 'directory mirror ready')
  log.info(signalOf(await stopped), 'directory mirror stopping')
  await running.close()
  log.info('directory mirror stopped')
  return EXIT.OK
}

function isHttp(source: string): boolean {
  return /^https?:\/\//.test(source)
}
