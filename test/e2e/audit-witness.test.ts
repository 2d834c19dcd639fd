// A gateway's log witnessed by the directory authority over real HTTP: a cut tail shows offline,
// and the witness takes a node's heads only under the log key the directory publishes for it.
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigningKey, type SigningJwk } from '#certs/index.js'
import {
  GENESIS_HASH,
  createAuditLog,
  startWitnessPush,
  type AuditLog,
  type WitnessPush,
} from '#gateway/audit/index.js'
import { auditVerifyCommand } from '#gateway/cli/audit-verify.js'
import {
  createAuthority,
  createAuthorityApp,
  ensureAdminKey,
  issueAdminToken,
  type Authority,
} from '#gateway/directory/authority/index.js'
import { listenApp, type Listening } from '#gateway/directory/authority/listen-app.js'
import {
  openWitnessStore,
  witnessFileFor,
} from '#gateway/directory/authority/witness/witness-store.js'
import { sampleRecord } from '../support/audit-fixtures.js'

const NODE = 'KG/GOV/70000001/gw1'
/** Registered with a log key, which no head is pushed for before the test's attacker tries. */
const QUIET_NODE = 'KG/GOV/70000001/gw2'
/** Registered without a log key. */
const KEYLESS_NODE = 'KG/GOV/70000001/gw3'
/** Its log key is rotated through the admin API. */
const ROTATED_NODE = 'KG/GOV/70000001/gw4'
let authority: Authority
let listening: Listening
let adminKey: SigningJwk
type KeyPair = { privateJwk: SigningJwk; publicJwk: SigningJwk }
let logKey: KeyPair
let quietKey: KeyPair
let rotatedKey: KeyPair
let headUrl: string
let root: string

const newLogKey = () => createSigningKey({ alg: 'EdDSA' })
const witnessUrl = (node: string) => `${listening.url}/witness/${encodeURIComponent(node)}`

/** POSTs one head as a client would, answering the status and the problem+json body. */
async function postHead(node: string, head: string) {
  const res = await fetch(witnessUrl(node), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ head }),
  })
  const type = res.headers.get('content-type')
  return { status: res.status, type, body: (await res.json()) as Record<string, unknown> }
}

/** A signed log of `records` records under `key`, naming `node`; returns its latest head. */
async function signedLog(node: string, key: SigningJwk, records: number): Promise<AuditLog> {
  const log = await createAuditLog({ dir: await tempDir(), logKey: key, nodeId: node })
  for (let n = 1; n <= records; n++) await log.append(sampleRecord(n))
  await log.close()
  return log
}

/** A directory under this file's scratch root (removed after all tests). */
async function tempDir(): Promise<string> {
  return mkdtemp(join(root, 'd-'))
}

function capture() {
  const lines: string[] = []
  return { lines, out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) } }
}

async function witnessHolds(size: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const res = await fetch(headUrl)
    const body = res.status === 200 ? ((await res.json()) as { size: number }) : undefined
    if (body?.size === size) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`the witness never held a head of ${size} records`)
}

/** Cuts the log to `keep` records the careful way: chain, head.json and checkpoints all agree. */
async function cutTail(dir: string, keep: number): Promise<void> {
  const segment = join(dir, 'segment-000001.jsonl')
  const lines = (await readFile(segment, 'utf8')).split('\n').slice(0, keep)
  await writeFile(segment, lines.map((l) => `${l}\n`).join(''))
  let hash = GENESIS_HASH
  for (const line of lines) hash = createHash('sha256').update(line).digest('base64url')
  const { seq, time } = JSON.parse(lines.at(-1)!) as { seq: number; time: string }
  await writeFile(join(dir, 'head.json'), JSON.stringify({ seq, hash, time }))
  const checkpoints = join(dir, 'checkpoints.jsonl')
  const kept = (await readFile(checkpoints, 'utf8'))
    .split('\n')
    .filter((l) => l !== '' && (JSON.parse(l) as { size: number }).size <= keep)
  await writeFile(checkpoints, kept.map((l) => `${l}\n`).join(''))
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kopuro-witness-'))
  const dir = await tempDir()
  const stateFile = join(dir, 'registry.json')
  const directoryKey = (await createSigningKey({ alg: 'EdDSA' })).privateJwk
  const init = { instance: 'KG', memberClasses: [{ code: 'GOV', description: 'Government' }] }
  authority = await createAuthority({ stateFile, directoryKey, init, autoApprove: true })
  await authority.apply({ op: 'register-member', id: 'KG/GOV/70000001', name: 'Agency' }, 'ops')
  ;[logKey, quietKey, rotatedKey] = [await newLogKey(), await newLogKey(), await newLogKey()]
  const nodes: [string, KeyPair | undefined][] = [
    [NODE, logKey],
    [QUIET_NODE, quietKey],
    [KEYLESS_NODE, undefined],
    [ROTATED_NODE, rotatedKey],
  ]
  for (const [id, key] of nodes) {
    const tlsFingerprint = createHash('sha256').update(id).digest('hex')
    const federationUrl = `https://${id.split('/')[3]}.agency.example:8443`
    const op = { op: 'register-node', id, federationUrl, tlsFingerprint } as const
    await authority.apply(key ? { ...op, logKey: key.publicJwk } : op, 'ops')
  }
  const witness = await openWitnessStore(witnessFileFor(stateFile))
  adminKey = await ensureAdminKey(join(dir, 'admin.jwk.json'))
  const app = createAuthorityApp({ authority, adminKey, witness })
  listening = await listenApp(app.fetch, { port: 0 })
  headUrl = witnessUrl(NODE)
})
afterAll(async () => {
  await listening?.close()
  await authority?.close()
  if (root) await rm(root, { recursive: true, force: true })
})

describe('a witnessed message log', () => {
  let dir: string
  let log: AuditLog
  let push: WitnessPush

  beforeAll(async () => {
    dir = await tempDir()
    const options = { dir, logKey: logKey.privateJwk, nodeId: NODE, checkpointEvery: 10 }
    log = await createAuditLog({ ...options, checkpointIntervalMs: 50 })
    push = startWitnessPush({ log, url: listening.url, nodeId: NODE, intervalMs: 25 })
    for (let n = 1; n <= 30; n++) await log.append(sampleRecord(n))
    await witnessHolds(30)
    for (let n = 31; n <= 47; n++) await log.append(sampleRecord(n))
    await witnessHolds(47)
    await push.stop()
    await log.close()
  })

  it('verifies against the witness head fetched over HTTP, and with the log key', async () => {
    const keyFile = join(dir, '..', 'log-key.public.jwk.json')
    await writeFile(keyFile, JSON.stringify(logKey.publicJwk))
    const { lines, out } = capture()
    expect(await auditVerifyCommand(dir, out, { head: headUrl, logKey: keyFile })).toBe(0)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^ok: 47 records verified; \d+ checkpoints? of log .+; witness head at 47/,
    )
  })

  it('names the cut when records and checkpoints were removed from the end', async () => {
    const copy = await tempDir()
    for (const name of ['segment-000001.jsonl', 'checkpoints.jsonl']) {
      await writeFile(join(copy, name), await readFile(join(dir, name)))
    }
    await cutTail(copy, 35)
    expect(await auditVerifyCommand(copy, capture().out)).toBe(0)
    const saved = join(copy, '..', 'witness-head.json')
    await writeFile(saved, await (await fetch(headUrl)).text())
    for (const head of [headUrl, saved]) {
      const { lines, out } = capture()
      expect(await auditVerifyCommand(copy, out, { head })).toBe(1)
      expect(lines[0]).toMatch(
        /^FAILED at segment-000001\.jsonl line 36 \(seq 36\): truncated_vs_witness/,
      )
    }
  })

  it('refuses checkpoints under another log key, and exits 2 for an unreadable head', async () => {
    const other = join(dir, '..', 'other-key.jwk.json')
    await writeFile(other, JSON.stringify((await createSigningKey({ alg: 'EdDSA' })).publicJwk))
    const { lines, out } = capture()
    expect(await auditVerifyCommand(dir, out, { logKey: other })).toBe(1)
    expect(lines[0]).toMatch(/checkpoints\.jsonl line 1: checkpoint_invalid/)
    const missing = `${listening.url}/witness/${encodeURIComponent('KG/GOV/70000001/gw7')}`
    expect(await auditVerifyCommand(dir, capture().out, { head: missing })).toBe(2)
  })

  it('keeps refusing a different key for the node than the directory publishes', async () => {
    const impostorDir = await tempDir()
    const impostorKey = (await createSigningKey({ alg: 'EdDSA' })).privateJwk
    const impostor = await createAuditLog({ dir: impostorDir, logKey: impostorKey, nodeId: NODE })
    for (let n = 1; n <= 50; n++) await impostor.append(sampleRecord(n))
    await impostor.close()
    const rogue = startWitnessPush({
      log: impostor,
      url: listening.url,
      nodeId: NODE,
      intervalMs: 60_000,
    })
    await expect(rogue.pushNow()).rejects.toMatchObject({ status: 403, code: 'wrong_log_key' })
    await rogue.stop()
    const held = (await (await fetch(headUrl)).json()) as { size: number }
    expect(held.size).toBe(47)
  })
})

describe('log keys from the directory, not from the first head', () => {
  it('refuses a head for a node the directory publishes no log key for', async () => {
    const log = await signedLog(KEYLESS_NODE, (await newLogKey()).privateJwk, 10)
    const refused = await postHead(KEYLESS_NODE, log.latestCheckpoint()!.jws)
    expect(refused).toMatchObject({
      status: 403,
      type: 'application/problem+json',
      body: {
        code: 'log_key_not_registered',
        type: expect.stringMatching(/log_key_not_registered$/),
      },
    })
    expect((await fetch(witnessUrl(KEYLESS_NODE))).status).toBe(404)
  })

  it("refuses an attacker's head for a node before that node ever pushed, then takes the node's own", async () => {
    const attacker = await signedLog(QUIET_NODE, (await newLogKey()).privateJwk, 40)
    const refused = await postHead(QUIET_NODE, attacker.latestCheckpoint()!.jws)
    expect(refused).toMatchObject({ status: 403, body: { code: 'wrong_log_key' } })
    // Nothing was pinned: the witness holds no head for the node.
    expect((await fetch(witnessUrl(QUIET_NODE))).status).toBe(404)
    const own = await signedLog(QUIET_NODE, quietKey.privateJwk, 10)
    const push = startWitnessPush({
      log: own,
      url: listening.url,
      nodeId: QUIET_NODE,
      intervalMs: 60_000,
    })
    await expect(push.pushNow()).resolves.toEqual({ status: 'pushed', size: 10 })
    await push.stop()
    const held = (await (await fetch(witnessUrl(QUIET_NODE))).json()) as {
      size: number
      key: unknown
    }
    expect(held).toMatchObject({ size: 10, key: { x: quietKey.publicJwk.x } })
  })

  it('follows a rotation through the admin API: the old key is refused, the new one extends the log', async () => {
    const dir = await tempDir()
    const open = (key: SigningJwk) => createAuditLog({ dir, logKey: key, nodeId: ROTATED_NODE })
    let log = await open(rotatedKey.privateJwk)
    for (let n = 1; n <= 12; n++) await log.append(sampleRecord(n))
    await log.close()
    const oldHead = log.latestCheckpoint()!.jws
    expect((await postHead(ROTATED_NODE, oldHead)).status).toBe(200)

    const next = await newLogKey()
    const token = await issueAdminToken({ privateJwk: adminKey, subject: 'ops' })
    const rotated = await fetch(`${listening.url}/admin/rotate-log-key`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: ROTATED_NODE, logKey: next.publicJwk }),
    })
    expect(rotated.status).toBe(200)
    const directory = await (await fetch(`${listening.url}/directory`)).text()
    const document = JSON.parse(Buffer.from(directory.split('.')[1]!, 'base64url').toString()) as {
      members: { nodes: { code: string; logKey?: { x: string } }[] }[]
    }
    const entry = document.members[0]!.nodes.find((n) => n.code === 'gw4')
    expect(entry?.logKey?.x).toBe(next.publicJwk.x)

    expect(await postHead(ROTATED_NODE, oldHead)).toMatchObject({
      status: 403,
      body: { code: 'wrong_log_key' },
    })
    log = await open(next.privateJwk)
    for (let n = 13; n <= 20; n++) await log.append(sampleRecord(n))
    await log.close()
    const push = startWitnessPush({
      log,
      url: listening.url,
      nodeId: ROTATED_NODE,
      intervalMs: 60_000,
    })
    await expect(push.pushNow()).resolves.toEqual({ status: 'pushed', size: 20 })
    await push.stop()
    const held = (await (await fetch(witnessUrl(ROTATED_NODE))).json()) as {
      size: number
      key: unknown
    }
    expect(held).toMatchObject({ size: 20, key: { x: next.publicJwk.x } })
  })
})
