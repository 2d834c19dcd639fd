// The authority's registration requests, pending and decided: one owner-only JSON file, replaced atomically.
import { dirname, join } from 'node:path'
import type { RegistrationPayload } from '../../registration/index.js'
import { PRIVATE_FILE_MODE } from '../../../lib/private-files.js'
import { readTextIfExists, replaceFile } from '../../../lib/durable-file.js'

export const REGISTRATION_STORE_VERSION = 1

export type RegistrationStatus = 'pending' | 'approved' | 'rejected'

/** One request as the authority keeps it: the verified payload and what became of it. */
export interface StoredRegistration {
  /** `reg_<26 base32 characters>`: 128 random bits, unguessable. */
  id: string
  status: RegistrationStatus
  receivedAt: string
  /** The signing key's kid and the request's nonce: a pair seen twice is a replay. */
  kid: string
  nonce: string
  /** Base64url SHA-256 of the JWS as received. */
  digest: string
  /** Lowercase hex SHA-256 of the CSR's SubjectPublicKeyInfo. */
  tlsKeyFingerprint: string
  request: RegistrationPayload
  decidedAt?: string
  /** The admin token subject that decided. */
  decidedBy?: string
  /** Why it was rejected. */
  reason?: string
  /** The approved node's certificate chain, PEM, leaf first. */
  certificate?: string
  /** The serial of the first directory that lists the node. */
  serial?: number
}

interface StoreFile {
  version: typeof REGISTRATION_STORE_VERSION
  registrations: StoredRegistration[]
}

export interface RegistrationStore {
  get(id: string): StoredRegistration | undefined
  /** In order of arrival, all or those with `status`. */
  list(status?: RegistrationStatus): StoredRegistration[]
  /** Whether a request with this (kid, nonce) or this digest was accepted before. */
  seen(kid: string, nonce: string, digest: string): boolean
  count(status: RegistrationStatus): number
  /** Adds a new request, durable before it resolves. */
  add(registration: StoredRegistration): Promise<void>
  /** Replaces a stored request (a decision), durable before it resolves. */
  replace(registration: StoredRegistration): Promise<void>
  /** Runs `task` after every earlier one: a check and the write it leads to see no other write between them. */
  exclusive<T>(task: () => Promise<T>): Promise<T>
}

/** Beside the registry state file, unless told otherwise. */
export function registrationsFileFor(stateFile: string): string {
  return join(dirname(stateFile), 'registrations.json')
}

/**
 * Opens (or starts) the store in `file`. Every change rewrites the file through
 * replaceFile (temporary file, fsync, rename, fsync of the folder, 0600 in a 0700 folder),
 * so a crash leaves the old list or the new one, and an answer is sent only once the change is on
 * disk. The replay memory is the list itself: accepted requests are never dropped, so a restart
 * remembers every (kid, nonce) and digest. A file that is not a store throws a TypeError.
 *
 * @example const store = await openRegistrationStore('/var/lib/kopuro/state/registrations.json')
 */
export async function openRegistrationStore(file: string): Promise<RegistrationStore> {
  const text = await readTextIfExists(file)
  const stored = text === undefined ? emptyStore() : parseStore(text, file)
  let registrations = stored.registrations
  const ids = new Map(registrations.map((r, i) => [r.id, i]))
  const pairs = new Set(registrations.map((r) => pairOf(r.kid, r.nonce)))
  const digests = new Set(registrations.map((r) => r.digest))
  let queue: Promise<unknown> = Promise.resolve()
  const save = (next: StoredRegistration[]) =>
    replaceFile(
      file,
      `${JSON.stringify({ version: REGISTRATION_STORE_VERSION, registrations: next }, null, 2)}\n`,
      { mode: PRIVATE_FILE_MODE, makeDir: true },
    )
  return {
    get: (id) => {
      const at = ids.get(id)
      return at === undefined ? undefined : structuredClone(registrations[at])
    },
    list: (status) =>
      structuredClone(status ? registrations.filter((r) => r.status === status) : registrations),
    seen: (kid, nonce, digest) => pairs.has(pairOf(kid, nonce)) || digests.has(digest),
    count: (status) => registrations.filter((r) => r.status === status).length,
    async add(registration) {
      if (ids.has(registration.id)) throw new TypeError('registration store: the id is taken')
      const next = [...registrations, structuredClone(registration)]
      await save(next)
      registrations = next
      ids.set(registration.id, next.length - 1)
      pairs.add(pairOf(registration.kid, registration.nonce))
      digests.add(registration.digest)
    },
    async replace(registration) {
      const at = ids.get(registration.id)
      if (at === undefined) throw new TypeError('registration store: no such id')
      const next = registrations.map((r, i) => (i === at ? structuredClone(registration) : r))
      await save(next)
      registrations = next
    },
    exclusive(task) {
      const run = queue.then(task)
      queue = run.catch(() => undefined)
      return run
    },
  }
}

function pairOf(kid: string, nonce: string): string {
  return `${kid} ${nonce}`
}

function emptyStore(): StoreFile {
  return { version: REGISTRATION_STORE_VERSION, registrations: [] }
}

function parseStore(text: string, file: string): StoreFile {
  let value: StoreFile
  try {
    value = JSON.parse(text) as StoreFile
  } catch (cause) {
    throw new TypeError(`${file} is not valid JSON`, { cause })
  }
  if (value?.version !== REGISTRATION_STORE_VERSION || !Array.isArray(value.registrations)) {
    throw new TypeError(`${file} is not a registration store`)
  }
  return value
}
