// File-permission checks: walk a folder and name every entry others could read or enter.
import { lstat, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { afterAll, beforeAll } from 'vitest'

export interface ModeEntry {
  /** Relative to the folder walked, `/`-separated. */
  path: string
  kind: 'dir' | 'file'
  /** `mode & 0o777` */
  mode: number
}

/** Every directory and regular file under `root` (not `root` itself), with its permission bits. */
export async function listModes(root: string): Promise<ModeEntry[]> {
  const out: ModeEntry[] = []
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      const mode = (await lstat(path)).mode & 0o777
      const rel = relative(root, path).split('\\').join('/')
      if (entry.isDirectory()) {
        out.push({ path: rel, kind: 'dir', mode })
        await walk(path)
      } else if (entry.isFile()) {
        out.push({ path: rel, kind: 'file', mode })
      }
    }
  }
  await walk(root)
  return out
}

/**
 * The entries that are not owner-only (directories 0700, files 0600), as `path 0644` lines, so
 * a failure names them. Files `isPublic` picks may instead be 0644 (readable, never writable).
 *
 * @example expect(notPrivate(await listModes(dir))).toEqual([])
 */
export function notPrivate(
  entries: ModeEntry[],
  isPublic: (path: string) => boolean = () => false,
): string[] {
  return entries
    .filter((e) => {
      if (e.kind === 'dir') return e.mode !== 0o700
      return !(e.mode === 0o600 || (isPublic(e.path) && e.mode === 0o644))
    })
    .map((e) => `${e.path} ${e.mode.toString(8).padStart(4, '0')}`)
}

/** The PKI's public material by its file naming: certificates, public JWKs, the manifest. */
export function isPublicPkiFile(path: string): boolean {
  return /(\.cert\.pem|\.chain\.pem|\.public\.jwk\.json|(^|\/)pki\.json)$/.test(path)
}

/**
 * Runs the file's tests under umask 000, so a file or directory created without an explicit
 * mode shows as 0666 / 0777 instead of hiding behind the usual 022 (tests run in forks, where
 * the umask can be set).
 */
export function underOpenUmask(): void {
  let saved: number | undefined
  beforeAll(() => {
    saved = process.umask(0)
  })
  afterAll(() => {
    if (saved !== undefined) process.umask(saved)
  })
}
