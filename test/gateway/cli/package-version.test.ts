// `kopuro --version` reads the version from the package.json above the running module, which is
// two folders up from the sources and three from the build.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPackageVersion } from '#gateway/cli/package-version.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-version-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** A module URL in `folders` below a new package.json holding `manifest`. */
async function moduleBelow(name: string, manifest: object, folders: string[]): Promise<string> {
  const root = join(dir, name)
  await mkdir(join(root, ...folders), { recursive: true })
  await writeFile(join(root, 'package.json'), JSON.stringify(manifest))
  return pathToFileURL(join(root, ...folders, 'package-version.js')).href
}

describe('readPackageVersion', () => {
  it("is this checkout's package.json version when run from the sources", async () => {
    const manifest = JSON.parse(await readFile('package.json', 'utf8')) as { version: string }
    expect(readPackageVersion()).toBe(manifest.version)
  })

  it('finds the package three folders up, as from dist/gateway/cli/', async () => {
    const url = await moduleBelow('built', { name: 'kopuro', version: '9.8.7' }, [
      'dist',
      'gateway',
      'cli',
    ])
    expect(readPackageVersion(url)).toBe('9.8.7')
  })

  it("passes over a package.json that is not kopuro's", async () => {
    const url = await moduleBelow('nested', { name: 'kopuro', version: '1.2.3' }, [
      'dist',
      'gateway',
      'cli',
    ])
    await writeFile(
      join(dir, 'nested', 'dist', 'package.json'),
      '{"name":"other","version":"0.0.1"}',
    )
    expect(readPackageVersion(url)).toBe('1.2.3')
  })

  it('throws when no kopuro package.json is above the module', async () => {
    const url = await moduleBelow('foreign', { name: 'other', version: '1.0.0' }, ['lib'])
    expect(() => readPackageVersion(url)).toThrow(/^no kopuro package.json above /)
  })
})
