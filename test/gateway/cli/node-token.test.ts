// A node folder made by `kopuro init` runs as a gateway once approval added its certificate and a
// directory; `kopuro token --key --endpoint` gets an access token from its consumer listener.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { importJWK, type CryptoKey, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigningKey, publicJwkOf, type SigningJwk } from '#certs/index.js'
import { startMemoryStore } from '#gateway/store/index.js'
import { createAccessTokenVerifier } from '#gateway/tokens/index.js'
import { waitForHttp } from '#sandbox/wait-for-http.js'
import {
  approveNodeFolder,
  createTestAuthority,
  kopuro,
  type TestFederationAuthority,
} from '../../support/joining-member.js'
import { freePorts } from '../../support/ports.js'
import { runCli } from '../../support/run-cli.js'

// bin.js loads tsx from the checkout, whatever folder the node is started from.
const BIN = fileURLToPath(new URL('../../../gateway/cli/bin.js', import.meta.url))
const MEMBER = 'KG/COM/10000003'
const KYC = `${MEMBER}/kyc-app`

let root: string
let dir: string
let authority: TestFederationAuthority
let ports: { consumer: number; admin: number; closed: number }
let keyFile: string
let endpoint: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kopuro-node-'))
  const [consumer, federation, admin, closed] = await freePorts(4)
  ports = { consumer: consumer!, admin: admin!, closed: closed! }
  // The anchor's source never answers: the node must start from its cached directory.
  authority = await createTestAuthority(root, `http://127.0.0.1:${closed}/directory`)
  dir = join(root, 'gw1')
  const made = await kopuro([
    'init',
    '--member',
    MEMBER,
    '--node',
    'gw1',
    '--host',
    '127.0.0.1',
    '--anchor',
    authority.anchorFile,
    '--dir',
    dir,
    '--consumer-port',
    String(consumer),
    '--federation-port',
    String(federation),
    '--admin-port',
    String(admin),
  ])
  expect(made.code).toBe(0)
  keyFile = join(root, 'kyc.private.jwk.json')
  expect((await kopuro(['client', 'add', '--dir', dir, 'kyc-app', '--out', keyFile])).code).toBe(0)
  endpoint = `http://127.0.0.1:${consumer}/token`
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('kopuro gateway on a node folder before approval', () => {
  it('exits 2 naming the missing certificate, with no stack trace', async () => {
    const result = await runCli(['gateway', '--config', join(dir, 'gateway.json')])
    expect(result.code).toBe(2)
    expect(result.stderr.trim()).toBe(
      'gateway: keys/tls.crt.pem is missing: run kopuro register --wait first',
    )
  })
})

describe('kopuro token against the node of an approved folder', () => {
  let child: ChildProcess
  let exited: Promise<void>
  let stderr = ''

  beforeAll(async () => {
    await approveNodeFolder(authority, dir)
    // Started from another folder: every path in gateway.json is relative to its own folder.
    child = spawn(process.execPath, [BIN, 'gateway', '--config', 'gw1/gateway.json'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, KOPURO_LOG_LEVEL: 'silent' },
    })
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    exited = new Promise((resolve) => child.once('exit', () => resolve()))
    const ready = waitForHttp(`http://127.0.0.1:${ports.admin}/ready`, { timeoutMs: 30_000 })
    const died = exited.then(() => {
      throw new Error(`the gateway exited: ${stderr}`)
    })
    died.catch(() => undefined)
    await Promise.race([ready, died])
  })
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGTERM')
    await exited
  })

  it('prints a token that the endpoint’s verifier accepts, for the subsystem', async () => {
    const result = await kopuro([
      'token',
      '--client',
      KYC,
      '--key',
      keyFile,
      '--endpoint',
      endpoint,
    ])
    expect(result.error).toEqual([])
    expect(result.code).toBe(0)
    const token = result.log[0]!
    const tokenKey = JSON.parse(
      await readFile(join(dir, 'keys/token.private.jwk.json'), 'utf8'),
    ) as SigningJwk
    const verify = createAccessTokenVerifier({
      store: startMemoryStore(),
      key: (await importJWK(publicJwkOf(tokenKey) as JWK, 'ES256')) as CryptoKey,
      issuer: `urn:kopuro:gateway:${MEMBER}`,
      audience: `urn:kopuro:gateway:${MEMBER}`,
      now: Date.now,
    })
    expect(await verify(`Bearer ${token}`)).toMatchObject({ subsystem: KYC })
    // The running node's own verifier takes it too: its holder may revoke it.
    const revoked = await fetch(`http://127.0.0.1:${ports.consumer}/token/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(revoked.status).toBe(204)
  })

  it('exits 1 with the endpoint’s error code for an assertion signed by another key', async () => {
    const other = join(root, 'other.private.jwk.json')
    await writeFile(other, JSON.stringify((await createSigningKey()).privateJwk))
    const result = await kopuro(['token', '--client', KYC, '--key', other, '--endpoint', endpoint])
    expect(result.code).toBe(1)
    expect(result.error).toEqual([`token: refused by ${endpoint}: 401 invalid_client`])
    expect(result.log).toEqual([])
  })

  it('exits 1 for a subsystem that is no client of the node', async () => {
    const result = await kopuro([
      'token',
      '--client',
      `${MEMBER}/ghost`,
      '--key',
      keyFile,
      '--endpoint',
      endpoint,
    ])
    expect([result.code, result.error]).toEqual([
      1,
      [`token: refused by ${endpoint}: 401 invalid_client`],
    ])
  })

  it('exits 1 for an endpoint URL other than the node’s own (the assertion’s audience)', async () => {
    const other = `${endpoint}?node=gw1`
    const result = await kopuro(['token', '--client', KYC, '--key', keyFile, '--endpoint', other])
    expect([result.code, result.error]).toEqual([
      1,
      [`token: refused by ${other}: 401 invalid_client`],
    ])
  })

  it('keeps the sandbox path: without --key/--endpoint the client is looked up in --sandbox', async () => {
    const sandbox = join(root, 'sandbox.json')
    await writeFile(
      sandbox,
      JSON.stringify({ clients: [{ id: KYC, privateKeyFile: keyFile, tokenEndpoint: endpoint }] }),
    )
    const result = await kopuro(['token', '--client', KYC, '--sandbox', sandbox])
    expect(result.code).toBe(0)
    expect(result.log[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  })
})

describe('kopuro token against an endpoint that refuses with X-Road-Error', () => {
  let server: Server
  let url: string
  beforeAll(async () => {
    server = createServer((req, res) => {
      const code =
        req.url === '/hostile/token' ? 'Not A Code <b>' : 'server.clientproxy.store_unavailable'
      res.writeHead(503, { 'content-type': 'application/json', 'x-road-error': code })
      res.end(JSON.stringify({ type: code, message: 'store unavailable', detail: 'x' }))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  it('exits 1 printing the header’s code', async () => {
    const result = await kopuro([
      'token',
      '--client',
      KYC,
      '--key',
      keyFile,
      '--endpoint',
      `${url}/token`,
    ])
    expect([result.code, result.error]).toEqual([
      1,
      [`token: refused by ${url}/token: 503 server.clientproxy.store_unavailable`],
    ])
  })

  it('does not repeat a header that is no error code', async () => {
    const endpoint = `${url}/hostile/token`
    const result = await kopuro([
      'token',
      '--client',
      KYC,
      '--key',
      keyFile,
      '--endpoint',
      endpoint,
    ])
    expect([result.code, result.error]).toEqual([
      1,
      [`token: refused by ${endpoint}: 503 (no error code)`],
    ])
  })
})

describe('kopuro token with bad input or no node', () => {
  it('exits 3 when nothing answers at the endpoint', async () => {
    const closed = `http://127.0.0.1:${ports.closed}/token`
    const result = await kopuro(['token', '--client', KYC, '--key', keyFile, '--endpoint', closed])
    expect(result.code).toBe(3)
    expect(result.error).toEqual([`token: cannot reach ${closed}: ECONNREFUSED`])
  })

  it.each([
    ['a missing key file', 'missing.json', undefined, 'cannot be read'],
    ['a key file that is not JSON', 'garbage.json', 'not json', 'is not JSON'],
    ['a public key', 'public.json', 'PUBLIC', 'is not a private EC P-256 or Ed25519 JWK'],
    [
      'a symmetric key',
      'oct.json',
      JSON.stringify({ kty: 'oct', k: 'AAAA' }),
      'is not a private EC P-256 or Ed25519 JWK',
    ],
  ])('exits 2 for %s, naming --key', async (_, name, content, reason) => {
    const file = join(root, name)
    if (content === 'PUBLIC') {
      await writeFile(file, JSON.stringify((await createSigningKey()).publicJwk))
    } else if (content !== undefined) await writeFile(file, content)
    const result = await kopuro(['token', '--client', KYC, '--key', file, '--endpoint', endpoint])
    expect(result.code).toBe(2)
    expect(result.error).toEqual([`token: --key ${file} ${reason}`])
  })

  it.each([
    [['--key', 'k.json'], 'token: --key needs --endpoint <token URL>'],
    [
      ['--endpoint', 'http://127.0.0.1:1/token'],
      'token: --endpoint needs --key <private key file>',
    ],
    [
      ['--key', 'k.json', '--endpoint', 'ftp://x/token'],
      'token: --endpoint must be an http(s) URL, e.g. http://127.0.0.30:5500/token',
    ],
  ])('%j → exit 2 naming the flag', async (flags, message) => {
    const result = await kopuro(['token', '--client', KYC, ...flags])
    expect([result.code, result.error]).toEqual([2, [message]])
  })

  it('exits 2 for a --client that is no subsystem id', async () => {
    const result = await kopuro([
      'token',
      '--client',
      'kyc-app',
      '--key',
      keyFile,
      '--endpoint',
      endpoint,
    ])
    expect([result.code, result.error]).toEqual([
      2,
      ['token: --client must be a subsystem id, INSTANCE/CLASS/CODE/SUBSYSTEM'],
    ])
  })
})
