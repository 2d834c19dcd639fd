// Durable file writes, in one place: the write-all loop, fsync of files and directories, atomic
// replacement, exclusive creation and durable appends (docs/design.md §5: nothing acknowledged
// is lost). Every other module writes files that must survive a crash through these functions.
import { KopuroError } from './kopuro-error.js'
import { randomBytes } from 'node:crypto'
import { link, open, readFile, rename, rm } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { makePrivateDir, PRIVATE_FILE_MODE } from './private-files.js'

/** `no_progress`: a write reported 0 bytes written, so looping on would never end. */
export type DurableWriteErrorCode = 'no_progress'

/**
 * Raised when a write cannot complete for a reason the operating system did not name itself
 * (an I/O error from the system is passed on as it is, with its own `code`).
 *
 * @example if (error instanceof DurableWriteError && error.code === 'no_progress') …
 */
export class DurableWriteError extends KopuroError<DurableWriteErrorCode> {
  constructor(code: DurableWriteErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.name = 'DurableWriteError'
  }
}

/** The part of `FileHandle` the write-all loop uses; the log's `SegmentHandle` is one. */
export interface WritableHandle {
  write(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position?: number | null,
  ): Promise<{ bytesWritten: number }>
}

/** A handle that can also flush its data to the disk (fdatasync). */
export interface DataSyncHandle extends WritableHandle {
  datasync(): Promise<void>
}

/** The part of `FileHandle` a replacement's temporary file uses; replaceable so tests fail I/O. */
export interface TemporaryHandle extends WritableHandle {
  chmod(mode: number): Promise<void>
  sync(): Promise<void>
  close(): Promise<void>
}

/**
 * Writes all of `bytes`: a write may be shorter than asked (a full disk, a signal), so it loops
 * until done. A write of 0 bytes throws DurableWriteError (`no_progress`). With `position`, the
 * bytes go there (pwrite); without, at the file's offset (the end, for a file opened to append).
 *
 * @example await writeAll(handle, Buffer.from('{"seq":1}\n'))
 */
export async function writeAll(
  handle: WritableHandle,
  bytes: Uint8Array,
  position?: number,
): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    const length = bytes.length - offset
    const { bytesWritten } =
      position === undefined
        ? await handle.write(bytes, offset, length)
        : await handle.write(bytes, offset, length, position + offset)
    if (!(bytesWritten > 0)) {
      throw new DurableWriteError('no_progress', `a write made no progress at byte ${offset}`)
    }
    offset += bytesWritten
  }
}

/**
 * writeAll, then fdatasync: once it resolves, the bytes survive a crash.
 *
 * @example await writeDurably(segment.handle, batch)
 */
export async function writeDurably(
  handle: DataSyncHandle,
  bytes: Uint8Array,
  position?: number,
): Promise<void> {
  await writeAll(handle, bytes, position)
  await handle.datasync()
}

/**
 * Cuts an open file to `length` bytes and fsyncs it, so the cut survives a crash.
 *
 * @example await truncateDurably(handle, lastCompleteLine)
 */
export async function truncateDurably(
  handle: Pick<FileHandle, 'truncate' | 'sync'>,
  length: number,
): Promise<void> {
  await handle.truncate(length)
  await handle.sync()
}

/**
 * fsyncs a directory, so an entry created, renamed or removed in it survives a crash.
 *
 * @example await syncDir(dirname(path))
 */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export interface ReplaceOptions {
  /** The file's mode, exactly (the umask does not narrow it). Default PRIVATE_FILE_MODE. */
  mode?: number
  /**
   * The temporary file, beside the target. Default `<path>.<random>.tmp`, created exclusively;
   * a name given here belongs to one writer, and a stale one a crash left is overwritten.
   */
  temporary?: string
  /** Make the missing directories first, owner-only (makePrivateDir). */
  makeDir?: boolean
  /** Opens the temporary file (test seam). Default `fs.promises.open(path, flags, mode)`. */
  openFile?: (path: string, flags: 'w' | 'wx', mode: number) => Promise<TemporaryHandle>
}

/** A file being written under a temporary name; the target changes only at `commit`. */
export interface Replacement {
  /** Appends to the temporary file (write-all). A failure discards it. */
  write(data: string | Uint8Array): Promise<void>
  /** fsync, rename over the target, fsync the directory. A failure discards the temporary. */
  commit(): Promise<void>
  /** Closes and removes the temporary file; the target stays as it was. */
  abort(): Promise<void>
}

/**
 * Starts replacing `path`: a temporary file beside it, with the final mode from the start,
 * written piece by piece and renamed over `path` only at commit. Until then, and after any
 * failure, `path` holds its old content; a failure removes the temporary file.
 *
 * @example
 * const out = await openReplacement(file, { temporary: `${file}.partial` })
 * for (const page of pages) await out.write(page)
 * await out.commit()
 */
export async function openReplacement(
  path: string,
  options: ReplaceOptions = {},
): Promise<Replacement> {
  const temporary = options.temporary ?? randomTemporary(path)
  if (dirname(resolve(temporary)) !== dirname(resolve(path))) {
    throw new TypeError('openReplacement: the temporary file must be in the same directory')
  }
  const file = await openTemporary(temporary, options)
  let done = false
  const discard = async (): Promise<void> => {
    done = true
    await file.close().catch(() => undefined)
    await rm(temporary, { force: true }).catch(() => undefined)
  }
  const step = async (action: () => Promise<void>): Promise<void> => {
    if (done) throw new TypeError('openReplacement: the replacement is already finished')
    try {
      await action()
    } catch (error) {
      await discard()
      throw error
    }
  }
  return {
    write: (data) => step(() => writeAll(file, toBytes(data))),
    async commit() {
      await step(async () => {
        await file.sync()
        await file.close()
        await rename(temporary, path)
      })
      done = true
      await syncDir(dirname(path))
    },
    abort: () => (done ? Promise.resolve() : discard()),
  }
}

/**
 * Replaces `path` with `data` atomically and durably: temporary file (final mode, write-all,
 * fsync), rename over, fsync the directory. A crash leaves the old content or the new, never a
 * mix or an empty file; a failure leaves the old content and no temporary file.
 *
 * @example await replaceFile('registry.json', JSON.stringify(state), { makeDir: true })
 */
export async function replaceFile(
  path: string,
  data: string | Uint8Array,
  options: ReplaceOptions = {},
): Promise<void> {
  const replacement = await openReplacement(path, options)
  await replacement.write(data)
  await replacement.commit()
}

/**
 * replaceFile for an owner-only file in owner-only directories, made if missing.
 *
 * @example await replacePrivateFile('.kopuro/sandbox.json', JSON.stringify(description))
 */
export function replacePrivateFile(path: string, data: string): Promise<void> {
  return replaceFile(path, data, { mode: PRIVATE_FILE_MODE, makeDir: true })
}

/**
 * Creates `path` with `data` only if it does not exist yet: written and fsync'ed under a
 * temporary name, then hard-linked into place (which fails if another process got there first),
 * then the directory fsync'ed. Returns false, leaving the existing file alone, when it existed.
 * No reader ever sees the file half written.
 *
 * @example if (!(await writeFileIfAbsent(keyFile, jwk))) jwk = await readFile(keyFile, 'utf8')
 */
export async function writeFileIfAbsent(
  path: string,
  data: string | Uint8Array,
  options: Omit<ReplaceOptions, 'temporary'> = {},
): Promise<boolean> {
  const temporary = randomTemporary(path)
  const file = await openTemporary(temporary, options)
  try {
    try {
      await writeAll(file, toBytes(data))
      await file.sync()
    } finally {
      await file.close()
    }
    await link(temporary, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await rm(temporary, { force: true })
  }
  await syncDir(dirname(path))
  return true
}

/** A file opened to append durably. */
export interface AppendFile {
  /** Appends `data` (write-all) and fdatasyncs it: once it resolves, it survives a crash. */
  append(data: string | Uint8Array): Promise<void>
  /** Cuts the file to `length` bytes, durably (say, a torn last line the reader found). */
  truncate(length: number): Promise<void>
  close(): Promise<void>
}

/**
 * Opens `path` to append, creating it (mode from the start, default PRIVATE_FILE_MODE) with a
 * durable directory entry when it is new. What the file holds is kept as it is: for JSONL, a
 * torn last line is for the reader to find and cut.
 *
 * @example const file = await openAppendFile(join(dir, 'checkpoints.jsonl'))
 */
export async function openAppendFile(
  path: string,
  options: { mode?: number } = {},
): Promise<AppendFile> {
  const mode = options.mode ?? PRIVATE_FILE_MODE
  let handle: FileHandle
  try {
    handle = await open(path, 'ax', mode)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return appendFile(await open(path, 'a', mode))
  }
  try {
    await syncDir(dirname(path))
  } catch (error) {
    await handle.close()
    throw error
  }
  return appendFile(handle)
}

/** The file's text, or undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function appendFile(handle: FileHandle): AppendFile {
  return {
    append: (data) => writeDurably(handle, toBytes(data)),
    truncate: (length) => truncateDurably(handle, length),
    close: () => handle.close(),
  }
}

/** Opens a temporary file with exactly `options.mode`; removed again if that fails. */
async function openTemporary(
  temporary: string,
  options: Omit<ReplaceOptions, 'temporary'> & { temporary?: string },
): Promise<TemporaryHandle> {
  const mode = options.mode ?? PRIVATE_FILE_MODE
  if (options.makeDir) await makePrivateDir(dirname(temporary))
  const openFile = options.openFile ?? ((p, flags, m) => open(p, flags, m))
  const file = await openFile(temporary, options.temporary === undefined ? 'wx' : 'w', mode)
  try {
    // The umask may have narrowed the mode, and a stale temporary file may have another.
    await file.chmod(mode)
  } catch (error) {
    await file.close().catch(() => undefined)
    await rm(temporary, { force: true }).catch(() => undefined)
    throw error
  }
  return file
}

function randomTemporary(path: string): string {
  return `${path}.${randomBytes(6).toString('hex')}.tmp`
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data
}
