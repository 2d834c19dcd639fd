// `kopuro client add` and `kopuro role-token` on a node folder made by `kopuro init`.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicJwkOf, type SigningJwk } from '#certs/index.js'
import { createRoleTokenVerifier, ROLES } from '#gateway/admin/index.js'
import { ROLE_CHOICES } from '#gateway/cli/node-commands.js'
import { loadGatewayConfig } from '#gateway/config/index.js'
import { startMemoryStore } from '#gateway/store/index.js'
import { underOpenUmask } from '../../support/file-modes.js'
import { createTestAuthority, kopuro } from '../../support/joining-member.js'

underOpenUmask()

const MEMBER = 'KG/COM/10000003'
let root: string
let dir: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kopuro-client-'))
  const authority = await createTestAuthority(root, 'https://authority.example.kg/directory')
  dir = join(root, 'gw1')
  const made = await kopuro([
    'init',
    '--member',
    MEMBER,
    '--node',
    'gw1',
    '--host',
    '127.0.0.30',
    '--anchor',
    authority.anchorFile,
    '--dir',
    dir,
  ])
  expect(made.code).toBe(0)
})
afterAll(() => rm(root, { recursive: true, force: true }))

async function readJson<T = Record<string, unknown>>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T
}

describe('kopuro client add', () => {
  it('writes the private key (0600) and the public key, and adds clients[] and node.json entries', async () => {
    const out = join(root, 'kyc.private.jwk.json')
    const result = await kopuro([
      'client',
      'add',
      '--dir',
      dir,
      'kyc-app',
      '--out',
      out,
      '--name',
      'KYC app',
    ])
    expect(result.error).toEqual([])
    expect(result.code).toBe(0)
    const privateJwk = await readJson<SigningJwk>(out)
    expect((await stat(out)).mode & 0o777).toBe(0o600)
    expect([privateJwk.alg, privateJwk.kty, typeof privateJwk.d]).toEqual(['ES256', 'EC', 'string'])
    const publicFile = join(dir, 'clients/KG_COM_10000003_kyc-app.public.jwk.json')
    expect(await readJson(publicFile)).toEqual(publicJwkOf(privateJwk))
    expect((await stat(publicFile)).mode & 0o777).toBe(0o600)
    // The loader accepts the new gateway.json and resolves the key inside the folder.
    const config = await loadGatewayConfig(join(dir, 'gateway.json'))
    expect(config.clients).toEqual([{ subsystem: `${MEMBER}/kyc-app`, publicKeyFile: publicFile }])
    expect((await readJson(join(dir, 'node.json')))['subsystems']).toEqual([
      { code: 'kyc-app', name: 'KYC app' },
    ])
    expect(result.log.join('\n')).toContain(
      `kopuro token --client ${MEMBER}/kyc-app --key ${out} --endpoint http://127.0.0.30:5500/token`,
    )
  })

  it('takes the full id of its own member, and writes ./<member_subsystem>.private.jwk.json by default', async () => {
    const cwd = process.cwd()
    process.chdir(root)
    try {
      const result = await kopuro(['client', 'add', '--dir', dir, `${MEMBER}/loan-app`])
      expect(result.code).toBe(0)
    } finally {
      process.chdir(cwd)
    }
    const file = join(root, 'KG_COM_10000003_loan-app.private.jwk.json')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    const config = await readJson<{ clients: { subsystem: string }[] }>(join(dir, 'gateway.json'))
    expect(config.clients.map((c) => c.subsystem)).toEqual([
      `${MEMBER}/kyc-app`,
      `${MEMBER}/loan-app`,
    ])
  })

  it('refuses a subsystem of another member (exit 2), changing nothing', async () => {
    const before = await readFile(join(dir, 'gateway.json'), 'utf8')
    const result = await kopuro([
      'client',
      'add',
      '--dir',
      dir,
      'KG/COM/10000001/kyc-app',
      '--out',
      join(root, 'x.json'),
    ])
    expect(result.code).toBe(2)
    expect(result.error).toEqual([
      `client add: <subsystem> KG/COM/10000001/kyc-app is not of this node's member ${MEMBER}`,
    ])
    expect(await readFile(join(dir, 'gateway.json'), 'utf8')).toBe(before)
    await expect(stat(join(root, 'x.json'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it.each([
    ['a code with a bad character', 'kyc app', /<subsystem> must be a subsystem code/],
    [
      'a malformed full id',
      'KG/COM/kyc-app',
      /<subsystem> must be a code or INSTANCE\/CLASS\/CODE\/SUBSYSTEM/,
    ],
    [
      'a subsystem added before',
      'kyc-app',
      /KG\/COM\/10000003\/kyc-app is already a client in gateway.json/,
    ],
  ])('refuses %s (exit 2)', async (_, subsystem, message) => {
    const result = await kopuro([
      'client',
      'add',
      '--dir',
      dir,
      subsystem,
      '--out',
      join(root, 'y.json'),
    ])
    expect(result.code).toBe(2)
    expect(result.error.join('\n')).toMatch(message)
  })

  it('refuses to overwrite an existing key file (exit 2), leaving gateway.json as it was', async () => {
    const out = join(root, 'taken.json')
    await writeFile(out, 'an operator file')
    const before = await readFile(join(dir, 'gateway.json'), 'utf8')
    const result = await kopuro(['client', 'add', '--dir', dir, 'crm', '--out', out])
    expect(result.code).toBe(2)
    expect(result.error).toEqual([`client add: --out ${out} exists: refusing to overwrite a key`])
    expect(await readFile(out, 'utf8')).toBe('an operator file')
    expect(await readFile(join(dir, 'gateway.json'), 'utf8')).toBe(before)
  })

  it('records a provider-only subsystem in node.json, with no key and no clients[] entry', async () => {
    const before = await readFile(join(dir, 'gateway.json'), 'utf8')
    const result = await kopuro(['client', 'add', '--dir', dir, 'registry', '--provider-only'])
    expect(result.code).toBe(0)
    expect(await readFile(join(dir, 'gateway.json'), 'utf8')).toBe(before)
    expect((await readJson(join(dir, 'node.json')))['subsystems']).toEqual([
      { code: 'kyc-app', name: 'KYC app' },
      { code: 'loan-app' },
      { code: 'registry' },
    ])
  })

  it('names a folder that init did not make (exit 2)', async () => {
    const result = await kopuro(['client', 'add', '--dir', root, 'kyc-app'])
    expect(result.code).toBe(2)
    expect(result.error).toEqual([
      `client add: ${root} is not a node folder: node.json is missing (run kopuro init)`,
    ])
  })
})

describe('kopuro role-token', () => {
  async function verifier() {
    const adminKey = await readJson<SigningJwk>(join(dir, 'keys/admin.private.jwk.json'))
    return createRoleTokenVerifier(publicJwkOf(adminKey), {
      memberId: MEMBER,
      now: Date.now,
      store: startMemoryStore(),
    })
  }

  it('prints a token that verifies with the admin public key and carries the role', async () => {
    const result = await kopuro([
      'role-token',
      '--dir',
      dir,
      '--role',
      'auditor',
      '--ttl',
      '15m',
      '--subject',
      'alice',
    ])
    expect(result.code).toBe(0)
    const token = result.log[0]!
    const principal = await (await verifier())(`Bearer ${token}`, ['auditor'])
    expect(principal).toMatchObject({ subject: 'alice', role: 'auditor' })
    const claims = decodeJwt(token)
    expect(claims.exp! - claims.iat!).toBe(900)
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'kopuro-role+jwt' })
  })

  it.each([
    ['30s', 30],
    ['1h', 3600],
    ['2d', 172_800],
    ['45', 45],
  ])('--ttl %s lives %i s', async (ttl, seconds) => {
    const result = await kopuro(['role-token', '--dir', dir, '--role', 'observer', '--ttl', ttl])
    const claims = decodeJwt(result.log[0]!)
    expect(claims.exp! - claims.iat!).toBe(seconds)
  })

  it('a member token names the member and reads only as a member', async () => {
    const result = await kopuro([
      'role-token',
      '--dir',
      dir,
      '--role',
      'member',
      '--member',
      'KG/GOV/70000001',
    ])
    expect(result.code).toBe(0)
    const verify = await verifier()
    expect(await verify(`Bearer ${result.log[0]}`, ['member'])).toMatchObject({
      role: 'member',
      member: 'KG/GOV/70000001',
    })
    await expect(verify(`Bearer ${result.log[0]}`, ['admin'])).rejects.toMatchObject({
      code: 'client.forbidden',
    })
  })

  it.each([
    [
      ['--role', 'root'],
      /option '--role <role>' argument 'root' is invalid\. Allowed choices are admin, auditor, observer, member/,
    ],
    [['--role', 'admin', '--ttl', '1w'], /option '--ttl <duration>' argument '1w' is invalid/],
    [['--role', 'admin', '--ttl', '0'], /option '--ttl <duration>' argument '0' is invalid/],
    [['--role', 'admin', '--ttl', '31d'], /--ttl must be 1 s to 30 days/],
    [['--role', 'member'], /--member INSTANCE\/CLASS\/CODE is needed for a member token/],
    [['--role', 'admin', '--member', 'KG/GOV/70000001'], /--member is only for --role member/],
  ])('%j → exit 2 naming the flag', async (flags, message) => {
    const result = await kopuro(['role-token', '--dir', dir, ...flags])
    expect(result.code).toBe(2)
    expect(result.error.join('\n')).toMatch(message)
  })

  it('names a missing admin key (exit 2)', async () => {
    const copy = await mkdtemp(join(root, 'no-admin-'))
    const config = await readJson(join(dir, 'gateway.json'))
    await writeFile(join(copy, 'gateway.json'), JSON.stringify(config))
    const result = await kopuro(['role-token', '--dir', copy, '--role', 'admin'])
    expect(result.code).toBe(2)
    expect(result.error).toEqual([
      `role-token: the admin key ${join(copy, 'keys/admin.private.jwk.json')} cannot be read`,
    ])
  })

  it('offers exactly the roles role tokens have', () => {
    expect([...ROLE_CHOICES]).toEqual([...ROLES])
  })
})
