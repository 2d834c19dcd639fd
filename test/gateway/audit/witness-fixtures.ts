// A directory authority acting as witness, driven through app.request, plus signed logs to push.
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { createSigningKey, type SigningJwk } from '#certs/index.js'
import { createAuditLog, type AuditLog } from '#gateway/audit/index.js'
import {
  createAuthority,
  createAuthorityApp,
  ensureAdminKey,
  type Authority,
} from '#gateway/directory/authority/index.js'
import {
  openWitnessStore,
  witnessFileFor,
  type WitnessStore,
} from '#gateway/directory/authority/witness/witness-store.js'
import { frozenClock, tempDir } from '../../support/audit-fixtures.js'
import { appendRange } from './tree-fixtures.js'

export const AGENCY = 'KG/GOV/70000001'
export const GW1 = `${AGENCY}/gw1`
export const GW2 = `${AGENCY}/gw2`
export const WITNESS_URL = 'http://authority.test'

export interface TestWitness {
  app: ReturnType<typeof createAuthorityApp>
  authority: Authority
  store: WitnessStore
  stateFile: string
  /** `fetch` answered by the authority app in-process. */
  fetch: typeof fetch
  url(node: string): string
  /** The private log key registered (and published) for each node. */
  logKeys: Record<string, SigningJwk>
}

/** An authority (auto-approving) with member AGENCY and nodes GW1, GW2 and their log keys. */
export async function openWitness(): Promise<TestWitness> {
  const dir = await tempDir()
  const stateFile = join(dir, 'registry.json')
  const { privateJwk } = await createSigningKey({ alg: 'EdDSA' })
  const init = { instance: 'KG', memberClasses: [{ code: 'GOV', description: 'Government' }] }
  const authority = await createAuthority({
    stateFile,
    directoryKey: privateJwk,
    init,
    autoApprove: true,
  })
  onTestFinished(() => authority.close())
  await authority.apply({ op: 'register-member', id: AGENCY, name: 'Agency' }, 'test')
  const logKeys: Record<string, SigningJwk> = {}
  for (const [i, node] of [GW1, GW2].entries()) {
    const tlsFingerprint = createHash('sha256').update(node).digest('hex')
    const federationUrl = `https://gw${i + 1}.example:8443`
    const { privateJwk: key, publicJwk: logKey } = await createSigningKey({ alg: 'EdDSA' })
    logKeys[node] = key
    const op = { op: 'register-node', id: node, federationUrl, tlsFingerprint, logKey } as const
    await authority.apply(op, 'test')
  }
  const store = await openWitnessStore(witnessFileFor(stateFile))
  const adminKey = await ensureAdminKey(join(dir, 'admin.jwk.json'))
  const app = createAuthorityApp({ authority, adminKey, witness: store })
  const fetch = ((input: string | URL | Request, init?: RequestInit) =>
    app.request(input, init)) as typeof globalThis.fetch
  const url = (node: string) => `${WITNESS_URL}/witness/${encodeURIComponent(node)}`
  return { app, authority, store, stateFile, fetch, url, logKeys }
}

/**
 * A signed log for `node` (checkpoints every 5 records or 20 ms), closed after the test; without
 * `logKey`, under a fresh key the directory does not know.
 */
export async function signedLog(
  node: string,
  logKey?: SigningJwk,
): Promise<{ log: AuditLog; dir: string; logKey: SigningJwk }> {
  const dir = await tempDir()
  const key = logKey ?? (await createSigningKey({ alg: 'EdDSA' })).privateJwk
  const log = await createAuditLog({
    dir,
    now: frozenClock,
    logKey: key,
    nodeId: node,
    checkpointEvery: 5,
    checkpointIntervalMs: 20,
  })
  onTestFinished(() => log.close())
  return { log, dir, logKey: key }
}

/** Appends records and waits until a checkpoint covers exactly `to` records. */
export async function appendSigned(log: AuditLog, from: number, to: number): Promise<void> {
  await appendRange(log, from, to)
  for (let i = 0; i < 200 && log.latestCheckpoint()?.size !== to; i++) {
    await new Promise((r) => setTimeout(r, 5))
  }
  if (log.latestCheckpoint()?.size !== to) throw new Error(`no checkpoint at ${to}`)
}
