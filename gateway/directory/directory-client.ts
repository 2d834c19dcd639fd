// A gateway's source of the current directory: verified, indexed and checked for expiry.
import { readFile } from 'node:fs/promises'
import type { Clock } from '../lib/clock.js'
import { systemClock } from '../lib/clock.js'
import { GatewayError } from '../lib/errors.js'
import type { DirectoryAnchor } from './directory-document.js'
import { createDirectoryView, type DirectoryView } from './directory-view.js'
import { verifyDirectory } from './verify-directory.js'

export interface DirectoryClientOptions {
  anchor: DirectoryAnchor
  /** Path of a signed directory file (the static source). */
  file: string
  now?: Clock
}

export interface DirectoryClient {
  /**
   * The current view for traffic. Fails closed with `<side>.global_conf_outdated` once the held
   * copy has expired (DESIGN §3).
   */
  current(side: 'consumer' | 'provider'): DirectoryView
  /** The held view regardless of expiry (for readiness and diagnostics). */
  held(): DirectoryView
  /** Re-reads the source; a refused document leaves the held copy in place. */
  refresh(): Promise<DirectoryView>
}

/**
 * Loads and verifies the signed directory before the gateway serves anything.
 *
 * @example const directory = await createDirectoryClient({ anchor, file: 'directory.jws' })
 */
export async function createDirectoryClient(
  options: DirectoryClientOptions,
): Promise<DirectoryClient> {
  const now = options.now ?? systemClock
  const load = async (minSerial?: number) =>
    createDirectoryView(
      await verifyDirectory(await readFile(options.file, 'utf8'), options.anchor, { minSerial }),
    )
  let view = await load()
  return {
    current(side) {
      if (now() >= view.expiresAtMs) {
        throw new GatewayError(
          side === 'consumer'
            ? 'server.clientproxy.global_conf_outdated'
            : 'server.serverproxy.global_conf_outdated',
        )
      }
      return view
    },
    held: () => view,
    async refresh() {
      view = await load(view.serial)
      return view
    },
  }
}
