// `kopuro pki init` writes private keys 0600 in 0700 directories whatever the umask, and narrows
// a PKI folder an older version left readable; certificates and public keys stay 0644.
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPublicPkiFile, listModes, notPrivate, underOpenUmask } from '../support/file-modes.js'
import { runCli } from '../support/run-cli.js'

underOpenUmask()

const LAYOUT = {
  instance: 'KG',
  members: [{ id: 'KG/COM/10000001', nodes: [{ code: 'gw1' }], clients: ['kyc-app'] }],
}

let root: string
let layoutFile: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kopuro-pki-modes-'))
  layoutFile = join(root, 'layout.json')
  await writeFile(layoutFile, JSON.stringify(LAYOUT))
})
afterAll(() => rm(root, { recursive: true, force: true }))

async function pkiInit(dir: string): Promise<void> {
  const { code, stderr } = await runCli(['pki', 'init', dir, '--layout', layoutFile])
  expect(stderr).toBe('')
  expect(code).toBe(0)
}

describe('kopuro pki init file modes', () => {
  it('creates every private key 0600 and every directory 0700 under umask 000', async () => {
    const dir = join(root, 'fresh', 'pki')
    await pkiInit(dir)
    const entries = await listModes(dir)
    const keys = entries.filter((e) => /\.key\.pem$|\.private\.jwk\.json$/.test(e.path))
    expect(keys.map((e) => e.path).sort()).toEqual([
      'ca/root.key.pem',
      'clients/KG_COM_10000001_kyc-app.private.jwk.json',
      'federation/directory-key.private.jwk.json',
      'members/KG_COM_10000001/signing.private.jwk.json',
      'nodes/KG_COM_10000001_gw1/tls.key.pem',
    ])
    expect(notPrivate(entries, isPublicPkiFile)).toEqual([])
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect((await stat(join(dir, '..'))).mode & 0o777).toBe(0o700)
  })

  it('narrows the keys and directories of a PKI folder left readable by an older version', async () => {
    const dir = join(root, 'older')
    await pkiInit(dir)
    for (const entry of await listModes(dir)) {
      await chmod(join(dir, entry.path), entry.kind === 'dir' ? 0o755 : 0o644)
    }
    await chmod(dir, 0o755)
    expect(notPrivate(await listModes(dir), isPublicPkiFile)).not.toEqual([])
    await pkiInit(dir)
    expect(notPrivate(await listModes(dir), isPublicPkiFile)).toEqual([])
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
  })
})
