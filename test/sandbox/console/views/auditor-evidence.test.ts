// The auditor view's evidence download against a stand-in admin listener: each record's link names
// its one exchange, and a reused X-Road-Id without a request id gets the list to choose from.
import { createServer, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditRecord } from '#gateway/audit/index.js'
import { createConsoleApp } from '#sandbox/console/app.js'
import { createConsoleContext } from '#sandbox/console/context.js'
import type { SandboxDescription } from '#sandbox/sandbox-file.js'

const NODE = 'KG/COM/10000001/gw1'
const CLIENT = 'KG/COM/10000001/kyc-app'
const PERSONS = 'KG/GOV/70000001/population/persons'

function record(seq: number, requestId: string): AuditRecord {
  return {
    seq,
    time: `2026-01-01T00:00:0${seq}.000Z`,
    prev: '',
    side: 'consumer',
    node: NODE,
    xRoadId: 'loan-7',
    requestId,
    client: CLIENT,
    service: PERSONS,
    method: 'GET',
    path: '/22905199138381',
    status: 200,
    timings: { receivedAt: '', respondedAt: '', durationMs: 0 },
    sizes: { request: 0, response: 0 },
    digests: {},
    signatures: {},
  }
}

const RECORDS = [record(1, 'req-a'), record(2, 'req-b')]
let dir: string
let server: Server
let app: ReturnType<typeof createConsoleApp>
/** The admin paths the console asked for, in order. */
const asked: string[] = []

/** An admin listener with one log in which `loan-7` names two exchanges. */
function adminAnswer(path: string): [number, unknown] {
  const url = new URL(path, 'http://admin')
  if (url.pathname === '/audit/records') return [200, { records: RECORDS, next: null }]
  if (url.pathname !== '/audit/evidence/loan-7') return [404, {}]
  const wanted = RECORDS.filter(
    (r) => r.requestId === (url.searchParams.get('requestId') ?? r.requestId),
  )
  if (wanted.length === 1) return [200, { version: 1, record: wanted[0] }]
  const matches = wanted.map(({ seq, side, requestId, time, client, service, status }) => ({
    ...{ seq, side, requestId, time, client, service, status },
    href: `/audit/evidence/loan-7?requestId=${requestId}&side=${side}`,
  }))
  return [300, { type: 'client.ambiguous_exchange', message: 'several', detail: 'd', matches }]
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-console-evidence-'))
  server = createServer((req, res) => {
    asked.push(req.url ?? '')
    const [status, body] = adminAnswer(req.url ?? '/')
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const adminUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  const sandbox = {
    startedAt: new Date().toISOString(),
    portBase: 1,
    consoleUrl: 'http://127.0.0.1:1',
    control: { url: 'http://127.0.0.1:1', token: 't' },
    processes: [],
    gateways: [
      {
        node: NODE,
        memberId: 'KG/COM/10000001',
        consumerUrl: 'http://127.0.0.1:1',
        federationUrl: 'https://127.0.0.1:1',
        adminUrl,
        auditDir: dir,
        logPublicKey: {},
      },
    ],
    members: [],
    registries: [],
    roleTokens: { 'KG/COM/10000001': { auditor: 'auditor-token', admin: 'admin-token' } },
    clients: [],
    directory: { authorityUrl: '', mirrorUrl: '', anchorFile: '', registryFile: '' },
    demoPin: '22905199138381',
  } as unknown as SandboxDescription
  await writeFile(join(dir, 'sandbox.json'), JSON.stringify(sandbox))
  app = createConsoleApp(createConsoleContext(join(dir, 'sandbox.json')), { hosts: ['localhost'] })
})

afterAll(async () => {
  await new Promise((r) => server.close(r))
  await rm(dir, { recursive: true, force: true })
})

async function page(path: string) {
  const res = await app.request(path, { headers: { origin: 'http://localhost' } })
  return { status: res.status, headers: res.headers, text: await res.text() }
}

/** The evidence links of a page, as the browser would follow them. */
function evidenceLinks(html: string): string[] {
  return [...html.matchAll(/class="evidence" href="([^"]+)"/g)].map((m) =>
    m[1]!.replaceAll('&amp;', '&'),
  )
}

describe('auditor view: evidence of a reused X-Road-Id', () => {
  it('links each record to its own exchange by request id and seq, and downloads that bundle', async () => {
    const records = await page(`/auditor?node=${NODE}`)
    expect(records.status).toBe(200)
    expect(records.text).toContain('data-request-id="req-a"')
    const links = evidenceLinks(records.text)
    expect(links).toHaveLength(2)
    expect(new URL(links[1]!, 'http://localhost').searchParams.get('requestId')).toBe('req-b')
    asked.length = 0
    const download = await page(links[1]!)
    expect(download.status).toBe(200)
    expect(asked).toEqual(['/audit/evidence/loan-7?side=consumer&requestId=req-b&seq=2'])
    expect(download.headers.get('content-disposition')).toBe(
      'attachment; filename="evidence-loan-7-req-b.json"',
    )
    expect(JSON.parse(download.text)).toMatchObject({ record: { seq: 2, requestId: 'req-b' } })
  })

  it('answers a lookup without a request id with the list of exchanges, each with its own link', async () => {
    const res = await page(`/auditor/evidence/loan-7?node=${NODE}`)
    expect(res.status).toBe(300)
    expect(res.text).toContain('names several exchanges')
    expect(res.text).toMatch(/<tr data-request-id="req-a">[\s\S]*<tr data-request-id="req-b">/)
    const links = evidenceLinks(res.text)
    expect(links.map((l) => new URL(l, 'http://localhost').searchParams.get('requestId'))).toEqual([
      'req-a',
      'req-b',
    ])
    expect(res.text).toContain(
      `href="/auditor?node=${encodeURIComponent(NODE)}&amp;xRoadId=loan-7"`,
    )
    expect((await page(links[0]!)).status).toBe(200)
  })

  it('refuses a malformed request id, side or seq in the link without asking the node', async () => {
    asked.length = 0
    for (const query of ['requestId=a%20b', 'side=both', 'seq=0']) {
      const res = await page(`/auditor/evidence/loan-7?node=${NODE}&${query}`)
      expect(res.status, query).toBe(400)
      expect(res.text).toContain('class="notice error"')
    }
    expect(asked).toEqual([])
  })
})
