// The federation authority: the registry, its change log and the signed document it publishes.
import { dirname, join } from 'node:path'
import { importJWK, type JWK } from 'jose'
import type { Clock } from '../../../lib/clock.js'
import { replaceFile } from '../../../lib/durable-file.js'
import { signDirectory } from '../../sign-directory.js'
import { applyOperation } from './apply-operation.js'
import { AuthorityError } from '../authority-error.js'
import { buildDirectoryDocument } from './build-directory.js'
import { createChangeLog, type ChangeAction, type ChangeLog } from './change-log.js'
import type { Change, Operation } from './operations.js'
import { createRegistryState, type RegistryInit, type RegistryState } from './registry-state.js'
import { directoryEtag, type ServedDirectory } from '../serve-directory.js'
import { loadRegistryState, saveRegistryState } from './state-file.js'

export interface AuthorityOptions {
  /** The registry's JSON file; created from `init` when it does not exist. */
  stateFile: string
  /** The federation directory key: a private EdDSA JWK with `kid` (the PKI's directory key). */
  directoryKey: JWK & { kid: string }
  /** The change log's directory. Default: `changes/` beside the state file. */
  changeLogDir?: string
  /** Also write every published JWS to this file (for gateways that read a file source). */
  documentFile?: string
  /** The new registry's instance and settings; ignored (but checked) when the state file exists. */
  init?: RegistryInit
  /** Approve registrations at once (the sandbox, docs/design.md §3). */
  autoApprove?: boolean
  now?: Clock
}

export interface ChangeResult {
  /** The change record's place in the change log. */
  seq: number
  /** The serial of the document now published, the first that carries the change. */
  serial: number
  change: Change
}

/** A batch of operations recorded as one change (a registration's approval). */
export interface BatchEntry {
  action: ChangeAction
  /** What the change is about: the registration id. */
  target: string
  /** Recorded beside the operations' own changes. */
  after?: Record<string, unknown>
}

export interface BatchResult {
  seq: number
  serial: number
  changes: (Change & { op: Operation['op'] })[]
}

export interface Authority {
  readonly instance: string
  /** Applies, logs (durably), persists and publishes one change; refused input throws. */
  apply(operation: Operation, actor: string): Promise<ChangeResult>
  /**
   * Applies operations in order as one change: all or none (a refused one throws and nothing
   * changes), one change record, one new document. `operations` is given a copy of the registry
   * as it is when the batch's turn comes, so it decides on current state; it may throw to refuse.
   */
  applyBatch(
    operations: (state: RegistryState) => Operation[],
    actor: string,
    entry: BatchEntry,
  ): Promise<BatchResult>
  /** Appends a record that changes no registry item (a rejected registration); no new document. */
  record(entry: BatchEntry, actor: string): Promise<{ seq: number; serial: number }>
  /** Signs the registry again with the next serial and a fresh validity window. */
  publish(): Promise<ServedDirectory>
  /** The document being served. */
  current(): ServedDirectory
  /** A copy of the registry. */
  state(): RegistryState
  /** How often to republish so the document never expires: a quarter of its validity. */
  republishIntervalMs(): number
  close(): Promise<void>
}

interface Publication {
  state: RegistryState
  served: ServedDirectory
}

/**
 * Opens the registry (or creates it from `init`), the change log and the directory key, then
 * publishes a first document with the next serial. Serials are persisted before a document is
 * served, so none is ever reused, across restarts too. Throws a TypeError on bad options.
 *
 * @example
 * const authority = await createAuthority({ stateFile, directoryKey, init: { instance: 'KG' } })
 * await authority.apply({ op: 'register-member', id: 'KG/GOV/70000001', name: 'Agency' }, 'alice')
 */
export async function createAuthority(options: AuthorityOptions): Promise<Authority> {
  if (typeof options?.stateFile !== 'string' || options.stateFile === '') {
    throw new TypeError('createAuthority: stateFile must be a file path')
  }
  await checkDirectoryKey(options.directoryKey)
  const state = await openRegistry(options)
  const changeLogDir = options.changeLogDir ?? join(dirname(options.stateFile), 'changes')
  const now = options.now ?? Date.now
  const log = await createChangeLog({ dir: changeLogDir, now })
  const authority = new RegistryAuthority(options, state, log, now)
  await authority.publish()
  return authority
}

async function checkDirectoryKey(key: JWK & { kid: string }): Promise<void> {
  const valid = key?.kty === 'OKP' && key.crv === 'Ed25519' && typeof key.d === 'string'
  if (!valid || typeof key.kid !== 'string') {
    throw new TypeError('createAuthority: directoryKey must be a private Ed25519 JWK with a kid')
  }
  await importJWK(key, 'EdDSA')
}

async function openRegistry(options: AuthorityOptions): Promise<RegistryState> {
  const stored = await loadRegistryState(options.stateFile)
  if (!stored) {
    if (!options.init) throw new TypeError('createAuthority: no state file yet, and no init given')
    return createRegistryState(options.init)
  }
  if (options.init && options.init.instance !== stored.instance) {
    throw new TypeError('createAuthority: the state file belongs to another instance')
  }
  return stored
}

class RegistryAuthority implements Authority {
  #state: RegistryState
  #served: ServedDirectory | undefined
  #queue: Promise<unknown> = Promise.resolve()
  readonly #options: AuthorityOptions
  readonly #log: ChangeLog
  readonly #now: Clock

  constructor(options: AuthorityOptions, state: RegistryState, log: ChangeLog, now: Clock) {
    this.#options = options
    this.#state = state
    this.#log = log
    this.#now = now
  }

  get instance(): string {
    return this.#state.instance
  }

  apply(operation: Operation, actor: string): Promise<ChangeResult> {
    return this.#exclusive(async () => {
      const ctx = { now: this.#now(), autoApprove: this.#options.autoApprove ?? false }
      const { state, change } = applyOperation(this.#state, operation, ctx)
      const publication = await this.#sign(state)
      const serial = publication.served.serial
      const record = { actor, action: operation.op, ...change, serial }
      // Write-ahead: the change is durable in the log before the registry or the document shows it.
      const { seq } = await this.#durably(() => this.#log.append(record), serial)
      await this.#durably(() => this.#commit(publication), serial)
      return { seq, serial, change }
    })
  }

  applyBatch(
    operations: (state: RegistryState) => Operation[],
    actor: string,
    entry: BatchEntry,
  ): Promise<BatchResult> {
    return this.#exclusive(async () => {
      const ctx = { now: this.#now(), autoApprove: this.#options.autoApprove ?? false }
      let state = this.#state
      const changes: BatchResult['changes'] = []
      for (const operation of operations(structuredClone(state))) {
        const applied = applyOperation(state, operation, ctx)
        state = applied.state
        changes.push({ op: operation.op, ...applied.change })
      }
      const publication = await this.#sign(state)
      const serial = publication.served.serial
      const after = { ...entry.after, changes }
      const record = { actor, action: entry.action, target: entry.target, after, serial }
      const { seq } = await this.#durably(() => this.#log.append(record), serial)
      await this.#durably(() => this.#commit(publication), serial)
      return { seq, serial, changes }
    })
  }

  record(entry: BatchEntry, actor: string): Promise<{ seq: number; serial: number }> {
    return this.#exclusive(async () => {
      const serial = this.#state.lastSerial
      const record = {
        actor,
        action: entry.action,
        target: entry.target,
        after: entry.after,
        serial,
      }
      const { seq } = await this.#durably(() => this.#log.append(record), serial)
      return { seq, serial }
    })
  }

  publish(): Promise<ServedDirectory> {
    return this.#exclusive(async () => {
      const publication = await this.#sign(this.#state)
      await this.#durably(() => this.#commit(publication), publication.served.serial)
      return publication.served
    })
  }

  current(): ServedDirectory {
    if (!this.#served) throw new AuthorityError('directory_unavailable')
    return this.#served
  }

  state(): RegistryState {
    return structuredClone(this.#state)
  }

  republishIntervalMs(): number {
    return (this.#state.validitySeconds * 1000) / 4
  }

  async close(): Promise<void> {
    await this.#queue
    await this.#log.close()
  }

  async #sign(state: RegistryState): Promise<Publication> {
    const serial = state.lastSerial + 1
    const document = buildDirectoryDocument(state, { serial, now: this.#now() })
    const jws = await signDirectory(document, this.#options.directoryKey)
    const served = { jws, etag: directoryEtag(jws), serial, expiresAt: document.expiresAt }
    return { state: { ...state, lastSerial: serial }, served }
  }

  /**
   * The serial is persisted before the document is served or written out, so a restart
   * continues after it. The document file is a copy: it follows the registry, never leads it.
   */
  async #commit(publication: Publication): Promise<void> {
    await saveRegistryState(this.#options.stateFile, publication.state)
    this.#state = publication.state
    this.#served = publication.served
    if (this.#options.documentFile) {
      // The signed document is public (anyone may fetch it); its folder is owner-only.
      await replaceFile(this.#options.documentFile, publication.served.jws, {
        mode: 0o644,
        makeDir: true,
      })
    }
  }

  /**
   * A failed write answers `storage_failed`. The serial it was signed with counts as used, so
   * a serial in the change log never names two different documents.
   */
  async #durably<T>(write: () => Promise<T>, serial: number): Promise<T> {
    try {
      return await write()
    } catch (cause) {
      this.#state = { ...this.#state, lastSerial: Math.max(this.#state.lastSerial, serial) }
      throw new AuthorityError('storage_failed', { cause })
    }
  }

  /** Changes and publications run one at a time, in arrival order. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task)
    this.#queue = run.catch(() => undefined)
    return run
  }
}
