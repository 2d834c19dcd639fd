// Run-time administration that outlives a restart: every acknowledged grant, revocation, notice
// and publication is appended (fsync'ed) to a small JSONL file and replayed at start-up.
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { OpenAPIObject } from 'openapi3-ts/oas31'
import type { Grant } from '../access/index.js'
import type { ServiceConfig } from '../config/index.js'
import { openAppendFile } from '../lib/durable-file.js'
import { KopuroError } from '../lib/errors.js'
import { makePrivateDir, PRIVATE_FILE_MODE, tightenPath } from '../lib/private-files.js'

export type AdminChange =
  | { kind: 'grant' | 'revoke'; at: string; grant: Grant }
  | { kind: 'disable'; at: string; service: string; notice: string }
  | { kind: 'enable'; at: string; service: string }
  | { kind: 'publish'; at: string; config: ServiceConfig; contract?: OpenAPIObject }

/**
 * A kept line that is not an admin change: the node refuses to start rather than drop or guess
 * at a change an admin was told was made. The message names the file, the line and what is wrong.
 *
 * @example await openAdminChanges(file) // AdminChangesError[malformed_change]: …: line 2 is …
 */
export class AdminChangesError extends KopuroError<'malformed_change'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('malformed_change', message, options)
    this.name = 'AdminChangesError'
  }
}

export interface AdminChanges {
  /** The changes made before this start, oldest first. */
  readonly past: AdminChange[]
  /** Appends one change durably; resolves only once it is on disk. */
  append(change: AdminChange): Promise<void>
  close(): Promise<void>
}

/**
 * Opens (or creates) the changes file. A torn last line — a crash mid-append, before that change
 * was acknowledged — is ignored; any other unreadable line fails the start, closed.
 *
 * @example const changes = await openAdminChanges(join(config.audit.dir, ADMIN_CHANGES_FILE))
 */
export async function openAdminChanges(file: string): Promise<AdminChanges> {
  await makePrivateDir(dirname(file))
  await tightenPath(file, PRIVATE_FILE_MODE)
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return Buffer.alloc(0)
    throw e
  })
  // Everything after the last newline is a torn append that was never acknowledged: cut it.
  const end = bytes.lastIndexOf(0x0a) + 1
  const past = bytes
    .subarray(0, end)
    .toString('utf8')
    .split('\n')
    .slice(0, -1)
    .map((l, i) => parseChange(l, file, i + 1))
  const changes = await openAppendFile(file, { mode: PRIVATE_FILE_MODE })
  if (end < bytes.length) await changes.truncate(end)
  let queue: Promise<void> = Promise.resolve()
  return {
    past,
    append(change) {
      const run = queue.then(() => changes.append(`${JSON.stringify(change)}\n`))
      queue = run.catch(() => undefined)
      return run
    },
    close: () => queue.then(() => changes.close()),
  }
}

export const ADMIN_CHANGES_FILE = 'admin-changes.jsonl'

function parseChange(line: string, file: string, n: number): AdminChange {
  try {
    const change = JSON.parse(line) as AdminChange
    if (!['grant', 'revoke', 'disable', 'enable', 'publish'].includes(change.kind)) {
      throw new AdminChangesError(`unknown kind ${String(change.kind)}`)
    }
    return change
  } catch (e) {
    const message = `${file}: line ${n} is not an admin change: ${(e as Error).message}`
    throw new AdminChangesError(message, { cause: e })
  }
}
