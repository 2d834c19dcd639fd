// Owner-only files and directories for secrets and personal data: keys, logs, state, tokens.
// Writing such files durably (replacePrivateFile and the rest) is durable-file.ts's part.
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/** Read and write for the owner only. The umask can narrow it further, never widen it. */
export const PRIVATE_FILE_MODE = 0o600
/** Enter, list and change for the owner only. */
export const PRIVATE_DIR_MODE = 0o700

/** Bits that give anyone but the owner some access. */
const OTHERS = 0o077

/**
 * `mkdir -p` with every directory it creates made 0700 from the start; an existing `dir` (say,
 * made by an older version) is narrowed to 0700. Returns the first directory created, as
 * `mkdir` does.
 *
 * @example await makePrivateDir(join(stateDir, 'changes'))
 */
export async function makePrivateDir(dir: string): Promise<string | undefined> {
  const created = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (created === undefined) await tightenPath(dir, PRIVATE_DIR_MODE)
  return created
}

/**
 * Narrows what an older version left readable under `dir`: directories to 0700, and the files
 * `isPrivate` picks by name (all by default) to 0600. Symbolic links are not followed. A path
 * this process may not change is left alone (refused nothing); a missing `dir` is no error.
 *
 * @example await tightenPrivateTree(auditDir) // segments, checkpoints, head, tree sidecars
 */
export async function tightenPrivateTree(
  dir: string,
  isPrivate: (name: string) => boolean = () => true,
): Promise<void> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (error) {
    if (ignorable(error)) return
    throw error
  }
  await tightenPath(dir, PRIVATE_DIR_MODE)
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await tightenPrivateTree(path, isPrivate)
    else if (entry.isFile() && isPrivate(entry.name)) await tightenPath(path, PRIVATE_FILE_MODE)
  }
}

/**
 * Narrows one existing file or directory to `mode` when others may reach it; missing is fine.
 *
 * @example await tightenPath(keyFile, PRIVATE_FILE_MODE)
 */
export async function tightenPath(path: string, mode: number): Promise<void> {
  try {
    const stats = await lstat(path)
    if (stats.isSymbolicLink() || (stats.mode & OTHERS) === 0) return
    await chmod(path, mode)
  } catch (error) {
    if (!ignorable(error)) throw error
  }
}

/** Gone, or not ours to change: tightening is best effort and never stops a start. */
function ignorable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'EPERM' || code === 'EACCES' || code === 'ENOTDIR'
}
