// checkpoints.jsonl: one signed checkpoint per line, appended and fsync'ed, never rewritten.
import { join } from 'node:path'
import { openAppendFile } from '../../lib/durable-file.js'
import type { AppendFile } from '../../lib/durable-file.js'
import { AuditLogError } from '../log/audit-log-error.js'
import { CheckpointError, decodeCheckpoint } from './checkpoint.js'
import type { SignedCheckpoint } from './checkpoint.js'
import { readLastLine } from '../log/log-files.js'

export const CHECKPOINTS_FILE = 'checkpoints.jsonl'

/**
 * A line is `{"size","root","time","jws"}`: the first three for people and tools reading the
 * file, the JWS the only thing trusted (the verifier checks that they agree).
 */
export function formatCheckpointLine(checkpoint: SignedCheckpoint): Buffer {
  const { size, root, time, jws } = checkpoint
  return Buffer.from(`${JSON.stringify({ size, root, time, jws })}\n`, 'utf8')
}

/** The JWS of a line, or undefined when the line is not a checkpoint line at all. */
export function checkpointJwsOf(line: Uint8Array): string | undefined {
  try {
    const value = JSON.parse(Buffer.from(line).toString('utf8')) as { jws?: unknown }
    return typeof value?.jws === 'string' ? value.jws : undefined
  } catch {
    return undefined
  }
}

/**
 * The last checkpoint in `dir`, decoded but not verified (the log reading its own file).
 * 'torn' when the file ends in a partial line; undefined when there is none; an AuditLogError
 * (`malformed`) when the last line is not a checkpoint.
 */
export async function readLatestCheckpoint(
  dir: string,
): Promise<SignedCheckpoint | 'torn' | undefined> {
  let line: Buffer | 'empty' | 'torn'
  try {
    line = await readLastLine(join(dir, CHECKPOINTS_FILE))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  if (line === 'empty' || line === 'torn') return line === 'torn' ? 'torn' : undefined
  const jws = checkpointJwsOf(line)
  try {
    if (jws !== undefined) return decodeCheckpoint(jws)
  } catch (cause) {
    if (!(cause instanceof CheckpointError)) throw cause
  }
  throw new AuditLogError('malformed', `the last line of ${CHECKPOINTS_FILE} is not a checkpoint`)
}

/** The open checkpoints file: each append is written and datasync'ed before it counts. */
export class CheckpointFile {
  readonly #file: AppendFile

  private constructor(file: AppendFile) {
    this.#file = file
  }

  /** Opens (creating, owner-only, with a durable directory entry) `dir`/checkpoints.jsonl. */
  static async open(dir: string): Promise<CheckpointFile> {
    return new CheckpointFile(await openAppendFile(join(dir, CHECKPOINTS_FILE)))
  }

  append(checkpoint: SignedCheckpoint): Promise<void> {
    return this.#file.append(formatCheckpointLine(checkpoint))
  }

  close(): Promise<void> {
    return this.#file.close()
  }
}
