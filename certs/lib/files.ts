// File writes for PKI material: atomic (temp file + rename) so a crash never leaves half a key.
import { randomBytes } from 'node:crypto'
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { makePrivateDir } from '../../gateway/lib/private-files.js'

export const PRIVATE_FILE_MODE = 0o600
export const PUBLIC_FILE_MODE = 0o644

export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

export async function writePrivateFile(path: string, data: string): Promise<void> {
  await writeAtomically(path, data, PRIVATE_FILE_MODE)
}

export async function writePublicFile(path: string, data: string): Promise<void> {
  await writeAtomically(path, data, PUBLIC_FILE_MODE)
}

async function writeAtomically(path: string, data: string, mode: number): Promise<void> {
  // Owner-only directories: public certificates sit beside the private keys.
  await makePrivateDir(dirname(path))
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(temp, data, { mode, flag: 'wx' })
    // The umask may have narrowed the mode; chmod makes it exactly what was asked.
    await chmod(temp, mode)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
