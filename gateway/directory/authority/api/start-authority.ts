// Runs the authority: its HTTP listener and the periodic republication that keeps it unexpired.
import { readFile } from 'node:fs/promises'
import type { JWK } from 'jose'
import type { Clock } from '../../../lib/clock.js'
import { createLogger } from '../../../lib/logger.js'
import { adminKeyFileFor, ensureAdminKey } from './admin-tokens.js'
import { createAuthorityApp } from './create-authority-app.js'
import { openWitnessStore, witnessFileFor } from '../witness/witness-store.js'
import { createAuthority, type Authority } from '../registry/create-authority.js'
import { createRegistrations } from '../registry/create-registrations.js'
import { openRegistrationStore, registrationsFileFor } from '../registry/registration-store.js'
import { listenApp } from '../listen-app.js'
import type { RegistryInit } from '../registry/registry-state.js'
import type { ServedDirectory } from '../serve-directory.js'
import { startTicker } from '../ticker.js'

export interface StartAuthorityOptions {
  stateFile: string
  /** A private EdDSA JWK file: the PKI's `federation/directory-key.private.jwk.json`. */
  directoryKeyFile: string
  /** The admin token key; generated on first start. Default: beside the state file. */
  adminKeyFile?: string
  changeLogDir?: string
  documentFile?: string
  /** Registration requests, pending and decided. Default: `registrations.json` beside the state file. */
  registrationsFile?: string
  init?: RegistryInit
  autoApprove?: boolean
  port: number
  host?: string
  now?: Clock
}

export interface RunningAuthority {
  authority: Authority
  url: string
  adminKeyFile: string
  /** Settles after the next periodic republication that starts after the call. */
  nextRepublish(): Promise<ServedDirectory>
  close(): Promise<void>
}

/**
 * Opens the authority, serves it, and republishes every validity/4 so the document never
 * expires while the authority runs (docs/design.md §3).
 *
 * @example
 * const running = await startAuthority({ stateFile, directoryKeyFile, port: 8080, init: { instance: 'KG' } })
 * console.log(`${running.url}/directory`)
 */
export async function startAuthority(options: StartAuthorityOptions): Promise<RunningAuthority> {
  const directoryKey = JSON.parse(await readFile(options.directoryKeyFile, 'utf8')) as JWK & {
    kid: string
  }
  const adminKeyFile = options.adminKeyFile ?? adminKeyFileFor(options.stateFile)
  const adminKey = await ensureAdminKey(adminKeyFile)
  const authority = await createAuthority({ ...options, directoryKey })
  const logger = createLogger({ name: 'directory-authority' })
  const witness = await openWitnessStore(witnessFileFor(options.stateFile))
  const store = await openRegistrationStore(
    options.registrationsFile ?? registrationsFileFor(options.stateFile),
  )
  const registrations = createRegistrations({
    authority,
    store,
    autoApprove: options.autoApprove,
    now: options.now,
  })
  const app = createAuthorityApp({
    authority,
    adminKey,
    now: options.now,
    logger,
    witness,
    registrations,
  })
  const listening = await listenApp(app.fetch, { port: options.port, host: options.host }).catch(
    async (error: unknown) => {
      await authority.close()
      throw error
    },
  )
  const ticker = startTicker(
    () => authority.publish(),
    authority.republishIntervalMs(),
    (error) => logger.error({ code: (error as { code?: unknown }).code }, 'republication failed'),
  )
  let closing: Promise<void> | undefined
  const close = async () => {
    await ticker.stop()
    await listening.close()
    await authority.close()
  }
  return {
    authority,
    url: listening.url,
    adminKeyFile,
    nextRepublish: () => ticker.next(),
    close: () => (closing ??= close()),
  }
}
