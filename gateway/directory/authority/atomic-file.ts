// Durable file replacement for the authority's state, keys and cached documents.
import { randomBytes } from 'node:crypto'
import { link, open, readFile, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { makePrivateDir } from '../../lib/private-files.js'

/**
 * Replaces `path` with `data`: write a temporary file, sync it, rename it over, sync the
 * directory. A crash leaves the old file or the new one, never a mix or an empty file. Missing
 * directories are made owner-only (0700): the authority keeps its keys and registry in them.
 *
 * @example await writeFileAtomically('registry.json', JSON.stringify(state), 0o600)
 */
export async function writeFileAtomically(path: string, data: string, mode: number): Promise<void> {
  const temporary = await writeSyncedTemporary(path, data, mode)
  try {
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
  await syncDirectory(dirname(path))
}

/**
 * Creates `path` with `data` only if it does not exist yet (written and synced under a temporary
 * name, then hard-linked into place, which fails if another process got there first). Returns
 * false, leaving the existing file alone, when it already existed.
 */
export async function createFileExclusively(
  path: string,
  data: string,
  mode: number,
): Promise<boolean> {
  const temporary = await writeSyncedTemporary(path, data, mode)
  try {
    await link(temporary, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await rm(temporary, { force: true })
  }
  await syncDirectory(dirname(path))
  return true
}

/** Writes and syncs `data` under a fresh temporary name beside `path`; returns that name. */
async function writeSyncedTemporary(path: string, data: string, mode: number): Promise<string> {
  await makePrivateDir(dirname(path))
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    const file = await open(temporary, 'wx', mode)
    try {
      await file.writeFile(data)
      await file.chmod(mode)
      await file.datasync()
    } finally {
      await file.close()
    }
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
  return temporary
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

/** fsyncs a directory so a rename into it survives a crash. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
