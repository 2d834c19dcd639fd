// The console app through `app.request`, against a fake sandbox of real listeners: a signed
// directory at an authority and a mirror, one ready gateway node and one that does not answer.
import { createServer, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSigningKey } from '#certs/index.js'
import { signDirectory, type DirectoryDocument } from '#gateway/directory/index.js'
import { createConsoleApp } from '#sandbox/console/app.js'
import { createConsoleContext } from '#sandbox/console/context.js'
import type { SandboxDescription } from '#sandbox/sandbox-file.js'
import { freePort } from '../../support/ports.js'

const PERSONS = 'KG/GOV/70000001/population/persons'
const BANK = 'KG/COM/10000001/kyc-app'

let dir: string
let servers: Server[] = []
let app: ReturnType<typeof createConsoleApp>
const answers = { authority: '', mirror: '', forged: '', authorityDown: false }

function document(serial: number): DirectoryDocument {
  return {
    instance: 'KG',
    serial,
    issuedAt: new Date(Date.now() - 60_000).toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    memberClasses: [
      { code: 'GOV', description: 'Government agencies' },
      { code: 'COM', description: 'Commercial companies' },
    ],
    members: [
      {
        id: 'KG/GOV/70000001',
        name: 'Population Registry Agency',
        subsystems: [{ code: 'population', name: 'Population register' }],
        signingKeys: [],
        nodes: [{ code: 'gw1', federationUrl: 'https://127.0.0.1:1', tlsFingerprint: 'ab' }],
      },
      {
        id: 'KG/COM/10000001',
        name: 'Ala-Too Bank',
        subsystems: [{ code: 'kyc-app' }],
        signingKeys: [],
        nodes: [],
      },
    ],
    services: [{ id: PERSONS, title: 'Persons, families and registered addresses' }],
    federationCas: [],
    globalGroups: [],
    revocations: { keys: [], certificates: [] },
  }
}

async function listen(handler: (path: string) => [number, string]): Promise<string> {
  const server = createServer((req, res) => {
    const [status, body] = handler(req.url ?? '/')
    res.writeHead(status, { 'content-type': 'application/json' }).end(body)
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-console-'))
  const authorityKey = await createSigningKey({ alg: 'EdDSA' })
  const stranger = await createSigningKey({ alg: 'EdDSA' })
  answers.authority = await signDirectory(document(7), authorityKey.privateJwk)
  answers.mirror = answers.authority
  answers.forged = await signDirectory(document(8), stranger.privateJwk)
  const authorityUrl = await listen((path) =>
    answers.authorityDown || path !== '/directory' ? [503, '{}'] : [200, answers.authority],
  )
  const mirrorUrl = await listen((path) =>
    path === '/directory' ? [200, answers.mirror] : [404, '{}'],
  )
  const readyBody = { status: 'ready', directory: { serial: 7, valid: true }, log: { seq: 42 } }
  const adminUrl = await listen(() => [200, JSON.stringify(readyBody)])
  const closed = `http://127.0.0.1:${await freePort()}`
  const anchorFile = join(dir, 'anchor.json')
  await writeFile(anchorFile, JSON.stringify({ instance: 'KG', keys: [authorityKey.publicJwk] }))
  const gateway = (node: string, url: string) => ({
    node,
    memberId: node.split('/').slice(0, 3).join('/'),
    consumerUrl: closed,
    federationUrl: 'https://127.0.0.1:1',
    adminUrl: url,
    auditDir: dir,
    logPublicKey: {},
  })
  const sandbox: SandboxDescription = {
    startedAt: new Date().toISOString(),
    portBase: 1,
    consoleUrl: closed,
    control: { url: closed, token: 't' },
    processes: [
      { name: 'alive', pid: process.pid, kind: 'registry', readyUrl: closed },
      { name: 'gone', pid: 2 ** 22 + 1, kind: 'gateway', readyUrl: closed },
    ],
    gateways: [gateway('KG/GOV/70000001/gw1', adminUrl), gateway('KG/COM/10000001/gw1', closed)],
    members: [],
    registries: [],
    roleTokens: {},
    clients: [
      {
        id: BANK,
        privateKeyFile: join(dir, 'none.jwk'),
        tokenEndpoint: closed,
        consumerUrl: closed,
      },
    ],
    directory: { authorityUrl, mirrorUrl, anchorFile, registryFile: join(dir, 'registry.json') },
    demoPin: '22905199138381',
  }
  await writeFile(join(dir, 'sandbox.json'), JSON.stringify(sandbox))
  app = createConsoleApp(createConsoleContext(join(dir, 'sandbox.json')), { hosts: ['localhost'] })
})

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  servers = []
  await rm(dir, { recursive: true, force: true })
})

beforeEach(() => {
  answers.authorityDown = false
  answers.mirror = answers.authority
})

/** As a browser on the console's own page sends it (same origin: the CSRF check passes). */
async function page(path: string, init?: RequestInit) {
  const headers = new Headers(init?.headers)
  if (!headers.has('origin')) headers.set('origin', 'http://localhost')
  const res = await app.request(path, { ...init, headers })
  return { status: res.status, headers: res.headers, text: await res.text() }
}

describe('console assets', () => {
  it('serves its stylesheet, the contract script and Swagger UI from this process', async () => {
    const css = await page('/assets/console.css')
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toMatch(/^text\/css/)
    expect(css.text).toContain('.notice.error')
    expect((await page('/assets/contract-page.js')).text).toContain('SwaggerUIBundle')
    const bundle = await page('/assets/swagger-ui/swagger-ui-bundle.js')
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect((await page('/assets/swagger-ui/swagger-ui.css')).status).toBe(200)
  })

  it('serves no other file of the package', async () => {
    expect((await page('/assets/swagger-ui/package.json')).status).toBe(404)
    expect((await page('/assets/swagger-ui/..%2F..%2Fpackage.json')).status).toBe(404)
    expect((await page('/assets/swagger-ui/index.html')).status).toBe(404)
  })
})

describe('catalogue', () => {
  it('lists the services of the verified directory with their provider', async () => {
    const res = await page('/catalogue')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(res.text).toContain('Persons, families and registered addresses')
    expect(res.text).toContain('Population Registry Agency')
    expect(res.text).toContain(`href="/catalogue/service?id=${PERSONS}"`)
    expect(res.text).toMatch(/serial <code>7<\/code>.*read from the authority/s)
  })

  it('reads the mirror when the authority does not answer', async () => {
    answers.authorityDown = true
    const res = await page('/catalogue')
    expect(res.status).toBe(200)
    expect(res.text).toContain('read from the mirror')
  })

  it('shows an error, not a forged catalogue, when no source verifies', async () => {
    answers.authorityDown = true
    answers.mirror = answers.forged
    const res = await page('/catalogue')
    expect(res.status).toBe(502)
    expect(res.text).toContain('class="notice error"')
    expect(res.text).not.toContain('Persons, families')
  })

  it('answers 404 for a service the directory does not list', async () => {
    expect((await page('/catalogue/service?id=KG/GOV/70000001/population/nothing')).status).toBe(
      404,
    )
    expect((await page('/catalogue/service?id=%3Cscript%3E')).status).toBe(404)
  })

  it('renders the contract page with the locally served Swagger UI and a prefilled form', async () => {
    const res = await page(`/catalogue/service?id=${PERSONS}`)
    expect(res.status).toBe(200)
    expect(res.text).toContain('src="/assets/swagger-ui/swagger-ui-bundle.js"')
    expect(res.text).toContain(`data-contract-url="/catalogue/contract?id=${PERSONS}&amp;client=`)
    expect(res.text).toContain('value="/22905199138381"')
    expect(res.text).not.toMatch(/(src|href)="https?:\/\//)
  })

  it('turns bad form input into a notice and sends nothing', async () => {
    const post = (fields: Record<string, string>) =>
      page(`/catalogue/service?id=${PERSONS}`, {
        method: 'POST',
        body: new URLSearchParams(fields),
      })
    const badPath = await post({ client: BANK, method: 'GET', path: 'x y' })
    expect(badPath.status).toBe(400)
    expect(badPath.text).toContain('class="notice error"')
    expect(badPath.text).toContain('value="x y"')
    const badClient = await post({ client: 'KG/COM/1/nobody', method: 'GET', path: '/' })
    expect(badClient.text).toContain('Unknown client subsystem')
    const badBody = await post({ client: BANK, method: 'POST', path: '/', body: '{' })
    expect(badBody.text).toContain('The body is not valid JSON.')
  })

  it('reports a gateway that cannot be reached as a notice', async () => {
    const res = await page(`/catalogue/service?id=${PERSONS}`, {
      method: 'POST',
      body: new URLSearchParams({ client: BANK, method: 'GET', path: '/1' }),
    })
    expect(res.status).toBe(502)
    expect(res.text).toContain('The request could not be sent')
  })

  it('answers the contract route with a JSON error when getOpenAPI cannot be called', async () => {
    const res = await page(`/catalogue/contract?id=${PERSONS}`)
    expect(res.status).toBe(502)
    expect(JSON.parse(res.text)).toEqual({ error: expect.stringContaining('getOpenAPI') })
  })
})

describe('federation', () => {
  it('shows each node’s readiness, the serial at both sources and the processes', async () => {
    const res = await page('/federation')
    expect(res.status).toBe(200)
    expect(res.text).toMatch(/data-node="KG\/GOV\/70000001\/gw1" data-state="ready"/)
    expect(res.text).toMatch(/data-node="KG\/COM\/10000001\/gw1" data-state="unreachable"/)
    expect(res.text).toContain('1 of 2 gateway nodes ready')
    expect(res.text).toContain('data-source="authority" data-serial="7"')
    expect(res.text).toContain('data-source="mirror" data-serial="7"')
    expect(res.text).toContain('data-same="true"')
    expect(res.text).toContain('data-process="alive" data-state="running"')
    expect(res.text).toContain('data-process="gone" data-state="gone"')
    expect(res.text).toContain('Ala-Too Bank')
  })

  it('marks a source that fails and does not compare serials', async () => {
    answers.authorityDown = true
    const res = await page('/federation')
    expect(res.text).toContain('data-source="authority" data-serial=""')
    expect(res.text).toContain('data-same="false"')
  })
})

describe('home and unknown pages', () => {
  it('links every view from the home page', async () => {
    const res = await page('/')
    for (const path of ['/catalogue', '/agency', '/auditor', '/citizen', '/federation']) {
      expect(res.text).toContain(`href="${path}"`)
    }
  })

  it('answers an unknown path with a 404 page', async () => {
    expect((await page('/nothing-here')).status).toBe(404)
  })
})
