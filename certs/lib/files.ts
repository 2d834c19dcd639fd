// PKI files, written atomically and durably (durable-file.ts): a crash never leaves half a key.
import { readTextIfExists, replaceFile } from '../../gateway/lib/durable-file.js'
import { PRIVATE_FILE_MODE } from '../../gateway/lib/private-files.js'

export { PRIVATE_FILE_MODE, readTextIfExists }
export const PUBLIC_FILE_MODE = 0o644

export async function writePrivateFile(path: string, data: string): Promise<void> {
  await writeAtomically(path, data, PRIVATE_FILE_MODE)
}

export async function writePublicFile(path: string, data: string): Promise<void> {
  await writeAtomically(path, data, PUBLIC_FILE_MODE)
}

async function writeAtomically(path: string, data: string, mode: number): Promise<void> {
  // Owner-only directories: public certificates sit beside the private keys.
  await replaceFile(path, data, { mode, makeDir: true })
}
