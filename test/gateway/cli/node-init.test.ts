// `kopuro init` makes a member's node folder: owner-only, every key, a CSR naming the node and its
// host, a gateway.json the gateway's loader accepts; a second run changes no byte.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { calculateJwkThumbprint, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as x509 from '#certs/lib/x509.js'
import { publicJwkOf, type SigningJwk } from '#certs/index.js'
import { loadGatewayConfig } from '#gateway/config/index.js'
import { listModes, notPrivate, underOpenUmask } from '../../support/file-modes.js'
import {
  createTestAuthority,
  kopuro,
  type TestFederationAuthority,
} from '../../support/joining-member.js'

underOpenUmask()

let root: string
let authority: TestFederationAuthority

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kopuro-init-'))
  authority = await createTestAuthority(root, 'https://authority.example.kg/directory')
})
afterAll(() => rm(root, { recursive: true, force: true }))

const MEMBER = 'KG/COM/10000003'

function init(dir: string, extra: string[] = [], host = '127.0.0.30') {
  return kopuro([
    'init',
    '--member',
    MEMBER,
    '--node',
    'gw1',
    '--host',
    host,
    '--anchor',
    authority.anchorFile,
    '--dir',
    dir,
    ...extra,
  ])
}

/** The usual identity flags with one flag's value replaced, or that flag added. */
function withFlag([flag, value]: string[]): string[] {
  const args = ['--member', MEMBER, '--node', 'gw1', '--host', '127.0.0.30']
  const at = args.indexOf(flag!)
  if (at >= 0) args[at + 1] = value!
  else args.push(flag!, value!)
  return args
}

/** Every file of the folder with its bytes, by relative path. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = (await listModes(dir)).filter((e) => e.kind === 'file')
  const bytes = new Map<string, string>()
  for (const f of files) bytes.set(f.path, (await readFile(join(dir, f.path))).toString('base64'))
  return bytes
}

async function readJson<T = Record<string, unknown>>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T
}

function sanOf(request: x509.Pkcs10CertificateRequest): x509.SubjectAlternativeNameExtension {
  const ext = request.extensions.find((e) => e.type === '2.5.29.17')!
  return new x509.SubjectAlternativeNameExtension(ext.rawData)
}

describe('kopuro init', () => {
  let dir: string
  beforeAll(async () => {
    dir = join(root, 'gw1')
    const first = await init(dir, ['--name', 'Bank Three', '--consumer-port', '6600'])
    expect(first.error).toEqual([])
    expect(first.code).toBe(0)
  })

  it('makes every file of the node folder, owner-only (dirs 0700, files 0600)', async () => {
    const entries = await listModes(dir)
    expect(entries.map((e) => e.path).sort()).toEqual(
      [
        'anchor.json',
        'audit',
        'clients',
        'gateway.json',
        'keys',
        'keys/admin.private.jwk.json',
        'keys/log.private.jwk.json',
        'keys/log.public.jwk.json',
        'keys/signing.private.jwk.json',
        'keys/tls.csr.pem',
        'keys/tls.key.pem',
        'keys/token.private.jwk.json',
        'keys/tracker.key',
        'node.json',
      ].sort(),
    )
    expect(notPrivate(entries)).toEqual([])
    expect((await listModes(root)).find((e) => e.path === 'gw1')!.mode).toBe(0o700)
  })

  it('writes a CSR with CN=<member>/<node> and an IP SAN for an IP host, signed by tls.key.pem', async () => {
    const request = new x509.Pkcs10CertificateRequest(
      await readFile(join(dir, 'keys/tls.csr.pem'), 'utf8'),
    )
    expect(request.subject).toBe(`CN=${MEMBER}/gw1`)
    expect(sanOf(request).names.toJSON()).toEqual([{ type: 'ip', value: '127.0.0.30' }])
    expect(await request.verify()).toBe(true)
    const { createPrivateKey, createPublicKey } = await import('node:crypto')
    const key = createPrivateKey(await readFile(join(dir, 'keys/tls.key.pem'), 'utf8'))
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' })
    expect(Buffer.from(request.publicKey.rawData).equals(spki)).toBe(true)
  })

  it('puts a DNS SAN for a host name', async () => {
    const other = join(root, 'dns')
    expect((await init(other, [], 'GW1.Bank3.example.kg')).code).toBe(0)
    const request = new x509.Pkcs10CertificateRequest(
      await readFile(join(other, 'keys/tls.csr.pem'), 'utf8'),
    )
    expect(sanOf(request).names.toJSON()).toEqual([{ type: 'dns', value: 'gw1.bank3.example.kg' }])
    const config = await readJson<{ federationUrl: string }>(join(other, 'gateway.json'))
    expect(config.federationUrl).toBe('https://gw1.bank3.example.kg:5501')
  })

  it('makes keys of the kinds the node uses, each kid its RFC 7638 thumbprint', async () => {
    const kinds: [string, string, string][] = [
      ['signing', 'EdDSA', 'OKP'],
      ['token', 'ES256', 'EC'],
      ['admin', 'ES256', 'EC'],
      ['log', 'EdDSA', 'OKP'],
    ]
    for (const [name, alg, kty] of kinds) {
      const jwk = await readJson<SigningJwk>(join(dir, `keys/${name}.private.jwk.json`))
      expect([name, jwk.alg, jwk.kty, typeof jwk.d]).toEqual([name, alg, kty, 'string'])
      expect(jwk.kid).toBe(await calculateJwkThumbprint(publicJwkOf(jwk) as JWK, 'sha256'))
    }
    const tracker = await readJson(join(dir, 'keys/tracker.key'))
    expect(tracker).toMatchObject({ kty: 'oct', alg: 'HS256' })
    expect(Buffer.from(tracker['k'] as string, 'base64url')).toHaveLength(32)
  })

  it('copies the anchor byte for byte and writes node.json', async () => {
    expect(await readFile(join(dir, 'anchor.json'), 'utf8')).toBe(
      await readFile(authority.anchorFile, 'utf8'),
    )
    expect(await readJson(join(dir, 'node.json'))).toEqual({
      member: MEMBER,
      node: 'gw1',
      host: '127.0.0.30',
      memberName: 'Bank Three',
    })
  })

  it('writes a gateway.json that the loader accepts, every path inside the folder', async () => {
    const config = await loadGatewayConfig(join(dir, 'gateway.json'))
    expect(config).toMatchObject({
      nodeId: `${MEMBER}/gw1`,
      listen: { host: '127.0.0.30', consumerPort: 6600, federationPort: 5501, adminPort: 5502 },
      federationUrl: 'https://127.0.0.30:5501',
      tls: { certFile: join(dir, 'keys/tls.crt.pem'), keyFile: join(dir, 'keys/tls.key.pem') },
      signingKeyFile: join(dir, 'keys/signing.private.jwk.json'),
      tokenKeyFile: join(dir, 'keys/token.private.jwk.json'),
      adminKeyFile: join(dir, 'keys/admin.private.jwk.json'),
      directory: {
        anchorFile: join(dir, 'anchor.json'),
        cacheFile: join(dir, 'directory-cache.jws'),
      },
      clients: [],
      services: [],
      grants: [],
      audit: { dir: join(dir, 'audit'), logKeyFile: join(dir, 'keys/log.private.jwk.json') },
      tracker: { keyFile: join(dir, 'keys/tracker.key') },
    })
    // The file itself holds relative paths, so the folder can be moved as a whole.
    expect((await readJson<{ tls: unknown }>(join(dir, 'gateway.json'))).tls).toEqual({
      certFile: 'keys/tls.crt.pem',
      keyFile: 'keys/tls.key.pem',
    })
  })

  it('run again, keeps every file byte for byte', async () => {
    const before = await snapshot(dir)
    const again = await init(dir, ['--name', 'Bank Three'])
    expect(again.code).toBe(0)
    expect(again.log).toContain('kept keys/tls.key.pem')
    expect(again.log.filter((l) => l.startsWith('created'))).toEqual([])
    expect(await snapshot(dir)).toEqual(before)
  })

  it('fills in only a missing key, keeping the others and the CSR', async () => {
    const before = await snapshot(dir)
    await rm(join(dir, 'keys/admin.private.jwk.json'))
    const again = await init(dir)
    expect(again.code).toBe(0)
    expect(again.log.filter((l) => l.startsWith('created'))).toEqual([
      'created keys/admin.private.jwk.json',
    ])
    const after = await snapshot(dir)
    expect(after.get('keys/admin.private.jwk.json')).not.toBe(
      before.get('keys/admin.private.jwk.json'),
    )
    before.delete('keys/admin.private.jwk.json')
    after.delete('keys/admin.private.jwk.json')
    expect(after).toEqual(before)
  })

  it.each([
    [
      '--member',
      ['--member', 'KG/COM/10000004'],
      /--member KG\/COM\/10000004 conflicts with .*node\.json, made for member KG\/COM\/10000003/,
    ],
    [
      '--host',
      ['--host', '127.0.0.31'],
      /--host 127\.0\.0\.31 conflicts with .*node\.json, made for host 127\.0\.0\.30/,
    ],
    ['--node', ['--node', 'gw2'], /--node gw2 conflicts with .*node\.json/],
    [
      '--admin-port',
      ['--admin-port', '7000'],
      /--admin-port 7000 conflicts with .*gateway\.json \(5502\)/,
    ],
  ])(
    'refuses a %s other than the folder was made for (exit 2), changing nothing',
    async (_, flags, message) => {
      const before = await snapshot(dir)
      const result = await kopuro([
        'init',
        ...withFlag(flags),
        '--anchor',
        authority.anchorFile,
        '--dir',
        dir,
      ])
      expect(result.code).toBe(2)
      expect(result.error.join('\n')).toMatch(message)
      expect(await snapshot(dir)).toEqual(before)
    },
  )

  it('refuses an anchor other than the one copied (exit 2)', async () => {
    const other = await createTestAuthority(await mkdtemp(join(root, 'other-')), 'https://x.kg/d')
    const result = await kopuro([
      'init',
      '--member',
      MEMBER,
      '--node',
      'gw1',
      '--host',
      '127.0.0.30',
      '--anchor',
      other.anchorFile,
      '--dir',
      dir,
    ])
    expect(result.code).toBe(2)
    expect(result.error.join('\n')).toMatch(/--anchor .* differs from .*anchor\.json/)
  })

  it('refuses to replace a damaged key (exit 2), naming it', async () => {
    const damaged = join(root, 'damaged')
    expect((await init(damaged)).code).toBe(0)
    await writeFile(join(damaged, 'keys/log.private.jwk.json'), '{ not json')
    const result = await init(damaged)
    expect(result.code).toBe(2)
    expect(result.error.join('\n')).toMatch(/keys\/log\.private\.jwk\.json is not valid JSON/)
    expect(await readFile(join(damaged, 'keys/log.private.jwk.json'), 'utf8')).toBe('{ not json')
  })
})

describe('kopuro init with bad input', () => {
  it.each([
    ['--member', ['--member', 'KG/COM'], /--member must be an X-Road member id/],
    ['--member', ['--member', 'KG/CO M/1'], /--member must be an X-Road member id/],
    ['--node', ['--node', 'gw/1'], /--node must be a node code/],
    ['--host', ['--host', 'under_score.kg'], /--host must be a host name or an IP address/],
    ['--host', ['--host', 'https://gw1.kg'], /--host must be a host name or an IP address/],
    ['--listen', ['--listen', 'a b'], /--listen must be a host name or an IP address/],
    [
      '--consumer-port',
      ['--consumer-port', '70000'],
      /option '--consumer-port <port>' argument '70000' is invalid/,
    ],
    [
      '--admin-port',
      ['--admin-port', '5501'],
      /--consumer-port, --federation-port and --admin-port must differ/,
    ],
    ['--name', ['--name', ' '], /--name must be 1 to 255 characters/],
  ])('%s %j → exit 2 naming the flag, no folder made', async (_, flags, message) => {
    const dir = join(root, `bad-${Math.random().toString(36).slice(2)}`)
    const result = await kopuro([
      'init',
      ...withFlag(flags),
      '--anchor',
      authority.anchorFile,
      '--dir',
      dir,
    ])
    expect(result.code).toBe(2)
    expect(result.error.join('\n')).toMatch(message)
    await expect(readFile(join(dir, 'node.json'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it.each([
    ['not JSON', '{', /--anchor .* is not JSON/],
    [
      'no keys',
      JSON.stringify({ instance: 'KG', keys: [], sources: ['https://a.kg/d'] }),
      /keys must list a key/,
    ],
    ['a private key', 'PRIVATE', /keys\[0\]: a verifying key must not contain a private part/],
    ['no sources', 'NOSOURCES', /sources must list a source/],
    [
      'a relative source',
      'RELATIVE',
      /sources\[0\] must be an http\(s\) URL or an absolute file path/,
    ],
    ['another instance', 'EE', /is for instance EE, not KG of --member/],
  ])('an anchor with %s → exit 2 naming --anchor', async (_, content, message) => {
    const good = JSON.parse(await readFile(authority.anchorFile, 'utf8')) as Record<string, unknown>
    const variants: Record<string, unknown> = {
      PRIVATE: { ...good, keys: [{ ...authority.directoryKey }] },
      NOSOURCES: { ...good, sources: [] },
      RELATIVE: { ...good, sources: ['directory.jws'] },
      EE: { ...good, instance: 'EE' },
    }
    const file = join(root, `anchor-${Math.random().toString(36).slice(2)}.json`)
    await writeFile(file, content in variants ? JSON.stringify(variants[content]) : content)
    const result = await kopuro([
      'init',
      '--member',
      MEMBER,
      '--node',
      'gw1',
      '--host',
      '127.0.0.30',
      '--anchor',
      file,
      '--dir',
      join(root, 'never'),
    ])
    expect(result.code).toBe(2)
    expect(result.error.join('\n')).toMatch(message)
  })

  it('refuses a folder that holds other things and no node.json, leaving its mode', async () => {
    const shared = await mkdtemp(join(root, 'shared-'))
    const { chmod, stat } = await import('node:fs/promises')
    await chmod(shared, 0o755)
    await writeFile(join(shared, 'notes.txt'), 'not a node')
    const result = await kopuro([
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
      shared,
    ])
    expect(result.code).toBe(2)
    expect(result.error).toEqual([
      `init: --dir ${shared} is not empty and holds no node.json: give a new folder`,
    ])
    expect((await stat(shared)).mode & 0o777).toBe(0o755)
  })

  it('names an anchor file that cannot be read', async () => {
    const result = await kopuro([
      'init',
      '--member',
      MEMBER,
      '--node',
      'gw1',
      '--host',
      '127.0.0.30',
      '--anchor',
      join(root, 'missing.json'),
      '--dir',
      join(root, 'never'),
    ])
    expect(result.code).toBe(2)
    expect(result.error).toEqual([`init: --anchor ${join(root, 'missing.json')} cannot be read`])
  })
})
