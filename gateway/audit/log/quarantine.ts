// A torn last line after a crash is moved into a quarantine file, never silently dropped.
import { open, readdir } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { truncateDurably, writeFileIfAbsent } from '../../lib/durable-file.js'
import { NEWLINE } from './log-format.js'

const QUARANTINE_NAME = /^quarantine-.+\.bin$/
const CHUNK = 64 * 1024

export interface Quarantined {
  /** The quarantine file's name in the log directory. */
  file: string
  /** The file the bytes were cut from. */
  from: string
  bytes: number
}

/**
 * Moves the bytes after the last newline of `path` into `quarantine-<time>.bin` beside it,
 * then cuts `path` back to its last complete line. The copy is written and synced before the
 * cut, so a crash in between leaves the bytes in both places, never in neither. The bytes
 * were never acknowledged (their batch never completed its datasync), so the log may go on.
 *
 * @example const moved = await quarantineTornTail(dir, join(dir, 'segment-000003.jsonl'), now)
 */
export async function quarantineTornTail(
  dir: string,
  path: string,
  now: () => Date,
): Promise<Quarantined> {
  const handle = await open(path, 'r+')
  try {
    const { size } = await handle.stat()
    const keep = await completeLength(handle, size)
    const torn = Buffer.alloc(size - keep)
    await handle.read(torn, 0, torn.length, keep)
    const file = await writeQuarantine(dir, torn, now)
    await truncateDurably(handle, keep)
    return { file, from: basename(path), bytes: torn.length }
  } finally {
    await handle.close()
  }
}

/** The quarantine files in `dir`, by name (their names sort by time). */
export async function listQuarantined(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => QUARANTINE_NAME.test(name)).sort()
}

/** Bytes up to and including the last newline (0 when there is none). */
async function completeLength(handle: FileHandle, size: number): Promise<number> {
  for (let end = size; end > 0; end -= CHUNK) {
    const start = Math.max(0, end - CHUNK)
    const chunk = Buffer.alloc(end - start)
    await handle.read(chunk, 0, chunk.length, start)
    const at = chunk.lastIndexOf(NEWLINE)
    if (at >= 0) return start + at + 1
  }
  return 0
}

/** Creates a new quarantine file (owner-only, never overwriting one) and makes it durable. */
async function writeQuarantine(dir: string, bytes: Buffer, now: () => Date): Promise<string> {
  const stamp = now().toISOString().replace(/[:.]/g, '-')
  for (let n = 1; ; n++) {
    const name = `quarantine-${stamp}${n === 1 ? '' : `-${n}`}.bin`
    if (await writeFileIfAbsent(join(dir, name), bytes)) return name
  }
}
