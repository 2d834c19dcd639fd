// Evidence bundles of a real exchange from both gateways' admin listeners, verified three ways:
// verifyEvidence, the `kopuro evidence verify` CLI, and an RFC 9421 check written here from the RFC.
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken, type Principal } from '#gateway/admin/index.js'
import type { AuditRecord } from '#gateway/audit/index.js'
import { verifyEvidence, type EvidenceBundle } from '#gateway/evidence/index.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { rawRequest, xroadError, type RawResponse } from '../support/http-raw.js'
import {
  BANK,
  KYC_APP,
  OPERATOR,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const run = promisify(execFile)
const BIN = new URL('../../gateway/cli/bin.js', import.meta.url).pathname
const PIN = '22905199138381'

let fed: TestFederation
let exchange: RawResponse
let xRoadId: string
const bundles: { consumer?: EvidenceBundle; provider?: EvidenceBundle } = {}

beforeAll(async () => {
  fed = await startTestFederation()
  exchange = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${PIN}`, {
    headers: {
      authorization: `Bearer ${await fed.token(KYC_APP)}`,
      'x-road-client': KYC_APP,
      'x-road-userid': 'KG-officer-7',
    },
  })
  xRoadId = String(exchange.headers['x-road-id'])
  const [consumer, provider] = await Promise.all([
    evidenceOf(fed.bank.adminUrl, BANK),
    evidenceOf(fed.provider.adminUrl, PROVIDER),
  ])
  bundles.consumer = JSON.parse(consumer.body) as EvidenceBundle
  bundles.provider = JSON.parse(provider.body) as EvidenceBundle
}, 60_000)
afterAll(() => fed?.close())

async function token(member: string, principal: Principal): Promise<string> {
  const key = JSON.parse(await readFile(adminKeyFile(fed.dir, member), 'utf8'))
  return issueRoleToken(key, { memberId: member, now: Date.now }, principal)
}

/** GET /audit/evidence/{id} with a role token from `member`'s admin key, polled while the record awaits its checkpoint (409, ≤ 10 s). */
async function evidenceOf(
  adminUrl: string,
  member: string,
  principal: Principal = { subject: 'auditor-1', role: 'auditor' },
  id = xRoadId,
): Promise<RawResponse> {
  const headers = { authorization: `Bearer ${await token(member, principal)}` }
  for (let deadline = Date.now() + 30_000; ;) {
    const res = await rawRequest(adminUrl, `/audit/evidence/${encodeURIComponent(id)}`, { headers })
    if (res.status !== 409 || Date.now() > deadline) return res
    await new Promise((r) => setTimeout(r, 250))
  }
}

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'evidence', 'verify', ...args])
    return { code: 0, out: stdout + stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, out: err.stdout + err.stderr }
  }
}

describe('evidence bundles', () => {
  it('serves each side its bundle, verifiable with verifyEvidence', async () => {
    expect(exchange.status).toBe(200)
    const { consumer, provider } = bundles as Required<typeof bundles>
    const redacted = { xRoadId, path: '/{pin}' }
    expect(consumer.record).toMatchObject({ ...redacted, side: 'consumer', client: KYC_APP })
    expect(provider.record).toMatchObject({ ...redacted, side: 'provider' })
    expect(consumer.node).toBe(`${BANK}/gw1`)
    expect(provider.node).toBe(`${PROVIDER}/gw1`)
    for (const bundle of [consumer, provider]) {
      expect((await verifyEvidence(bundle)).ok).toBe(false)
      const checks = (await verifyEvidence(bundle, { subject: PIN })).checks
      expect(checks.filter((c) => !c.ok)).toEqual([])
    }
  })

  // Five CLI processes, each loading TypeScript: on a busy machine that alone can take a minute.
  it(
    'is verified by `kopuro evidence verify`, with --subject on either side',
    { timeout: 120_000 },
    async () => {
      const files = {
        consumer: join(fed.dir, 'evidence-consumer.json'),
        provider: join(fed.dir, 'evidence-provider.json'),
        garbage: join(fed.dir, 'evidence-garbage.json'),
      }
      await writeFile(files.consumer, JSON.stringify(bundles.consumer))
      await writeFile(files.provider, JSON.stringify(bundles.provider))
      await writeFile(files.garbage, '{not json')
      const consumer = await cli(files.consumer, '--subject', PIN)
      expect(consumer.code, consumer.out).toBe(0)
      expect(consumer.out).toMatch(/ok {3}log\.inclusion/)
      expect(await cli(files.provider, '--subject', PIN)).toMatchObject({ code: 0 })
      const redacted = await cli(files.provider)
      expect(redacted.code).toBe(1)
      expect(redacted.out).toMatch(/FAIL request\.signature/)
      expect((await cli(files.garbage)).code).toBe(2)
      expect((await cli(join(fed.dir, 'missing.json'))).code).toBe(2)
    },
  )

  it("checks both signatures with an independent RFC 9421 verifier and the directory's keys", async () => {
    const { consumer, provider } = bundles as Required<typeof bundles>
    const contentType = String(exchange.headers['content-type'])
    for (const [bundle, subject] of [
      [consumer, PIN],
      [provider, PIN],
    ] as const) {
      const record = unredact(bundle.record, subject)
      const requestBase = rebuildRequestBase(record, targetUriOf(record))
      expect(requestBase).toBe(unredactText(record.signatures.request!.base!, subject))
      const responseBase = rebuildResponseBase(record, contentType)
      expect(responseBase).toBe(record.signatures.response!.base)
      for (const [side, base] of [
        ['request', requestBase],
        ['response', responseBase],
      ] as const) {
        const signature = record.signatures[side]!
        const key = bundle.keys[signature.keyid]!
        expect(await rfc9421Verify(key.jwk, signature.signature, base), side).toBe(true)
        const tampered = base.replace(xRoadId, `${xRoadId}x`)
        expect(await rfc9421Verify(key.jwk, signature.signature, tampered)).toBe(false)
      }
    }
  })

  it('answers 404 for an unknown exchange or one the member took no part in, 401 without a token', async () => {
    const unknown = await evidenceOf(fed.provider.adminUrl, PROVIDER, undefined, 'no-such-id')
    expect([unknown.status, xroadError(unknown).code]).toEqual([404, 'client.unknown_exchange'])
    const bank = await evidenceOf(fed.provider.adminUrl, PROVIDER, {
      subject: 'bank-dpo',
      role: 'member',
      member: BANK,
    })
    expect(bank.status).toBe(200)
    const operator = await evidenceOf(fed.provider.adminUrl, PROVIDER, {
      subject: 'op-dpo',
      role: 'member',
      member: OPERATOR,
    })
    expect(operator.status).toBe(404)
    const anonymous = await rawRequest(fed.provider.adminUrl, `/audit/evidence/${xRoadId}`)
    expect(anonymous.status).toBe(401)
  })
})

// ---- An RFC 9421 verifier written from the RFC, sharing nothing with gateway/signing. ----

/** RFC 9421 §4.1: `label=(components);params` — the value after the label is the inner list. */
function signatureParams(input: string): { list: string; ids: string[] } {
  const list = input.slice(input.indexOf('=') + 1)
  const inner = list.slice(1, list.indexOf(')'))
  return { list, ids: inner === '' ? [] : inner.split(' ') }
}

/** RFC 9421 §2.5: one `"name": value` line per covered component, then `"@signature-params"`. */
function signatureBase(input: string, value: (id: string) => string | undefined): string {
  const { list, ids } = signatureParams(input)
  const lines = ids.map((id) => {
    const v = value(id)
    if (v === undefined) throw new Error(`no value for ${id}`)
    return `${id}: ${v}`
  })
  return [...lines, `"@signature-params": ${list}`].join('\n')
}

/** RFC 9421 §2.2.2: the target URI the consumer gateway addressed (scheme, authority, path). */
function targetUriOf(record: AuditRecord): string {
  const base = record.signatures.request!.base!
  const authority = /"@target-uri": (https:\/\/[^/]+)\//.exec(base)![1]!
  return `${authority}/r1/${record.service}${record.path}`
}

function rebuildRequestBase(record: AuditRecord, targetUri: string): string {
  const fields: Record<string, string | undefined> = {
    '"@method"': record.method.toUpperCase(),
    '"@target-uri"': targetUri,
    '"content-digest"': record.digests.request,
    '"x-road-client"': record.client,
    '"x-road-id"': record.xRoadId,
    '"x-road-request-id"': record.requestId,
    '"x-road-userid"': record.userId,
    '"x-road-issue"': record.issue,
  }
  return signatureBase(record.signatures.request!.input, (id) => fields[id])
}

function rebuildResponseBase(record: AuditRecord, contentType: string): string {
  const fields: Record<string, string | undefined> = {
    '"@status"': String(record.status),
    '"content-digest"': record.digests.response,
    '"content-type"': contentType,
    '"x-road-id"': record.xRoadId,
    '"x-road-request-hash"': record.requestHash,
    // RFC 9421 §2.4: the request's Signature field, as the response signer received it.
    '"signature";req': record.signatures.request!.signature,
  }
  return signatureBase(record.signatures.response!.input, (id) => fields[id])
}

/** RFC 9421 §3.3.4 / §3.3.6 with WebCrypto: ECDSA P-256 takes the raw r‖s the RFC specifies. */
async function rfc9421Verify(jwk: object, field: string, base: string): Promise<boolean> {
  const { kty, crv, x, y } = jwk as Record<string, string>
  const algorithm = kty === 'EC' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'Ed25519' }
  const key = await crypto.subtle.importKey('jwk', { kty, crv, x, y }, algorithm, false, ['verify'])
  const signature = Buffer.from(/^[^=]+=:([A-Za-z0-9+/=]*):$/.exec(field)![1]!, 'base64')
  const params = kty === 'EC' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'Ed25519' }
  return crypto.subtle.verify(params, key, signature, new TextEncoder().encode(base))
}

function unredactText(text: string, subject: string | undefined): string {
  return subject === undefined ? text : text.replaceAll('{pin}', subject)
}

function unredact(record: AuditRecord, subject: string | undefined): AuditRecord {
  return JSON.parse(unredactText(JSON.stringify(record), subject)) as AuditRecord
}
