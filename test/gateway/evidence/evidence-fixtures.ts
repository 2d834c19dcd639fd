// Evidence test fixtures: a real message log holding one really signed exchange, and its bundle.
import { generateKeyPairSync } from 'node:crypto'
import { onTestFinished } from 'vitest'
import { createAuditLog, type AuditRecordInput } from '#gateway/audit/index.js'
import type { DirectoryView } from '#gateway/directory/index.js'
import { buildEvidence, type EvidenceBundle } from '#gateway/evidence/index.js'
import {
  contentDigest,
  importSigningKey,
  requestHash,
  signRequest,
  signResponse,
  type KeyJwk,
} from '#gateway/signing/index.js'
import { redactStrings, subjectRedactor } from '#gateway/tracker/redact-subject.js'
import { sampleRecord, tempDir } from '../../support/audit-fixtures.js'
import { logKeyPair } from '../audit/tree-fixtures.js'

export const PIN = '22905199138381'
export const CLIENT = 'KG/COM/10000001/kyc-app'
export const SERVICE = 'KG/GOV/70000001/population/persons'
export const REQUEST_ID = 'req-evidence-1'
const CREATED = Math.floor(Date.parse('2026-03-01T12:00:00Z') / 1000)

function keyPair(kind: 'ec' | 'ed25519', kid: string) {
  const { privateKey, publicKey } =
    kind === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync(kind)
  return {
    signing: importSigningKey({ ...privateKey.export({ format: 'jwk' }), kid }),
    jwk: { ...publicKey.export({ format: 'jwk' }), kid } as KeyJwk & { kid: string },
  }
}

/** A consumer's request and a provider's response, signed as the gateways sign them. */
function signedExchange(xRoadId: string) {
  const client = keyPair('ec', 'bank-key-1')
  const provider = keyPair('ed25519', 'agency-key-1')
  const body = new TextEncoder().encode('{"name":"Aibek"}')
  const reqHeaders: Record<string, string> = {
    'content-digest': contentDigest(new Uint8Array()),
    'x-road-client': CLIENT,
    'x-road-id': xRoadId,
    'x-road-request-id': REQUEST_ID,
  }
  const targetUri = `https://gw1.population.kg/r1/${SERVICE}/${PIN}`
  const req = signRequest(
    { method: 'GET', targetUri, header: (n) => reqHeaders[n] },
    client.signing,
    { now: CREATED },
  )
  const resHeaders: Record<string, string> = {
    'content-digest': contentDigest(body),
    'content-type': 'application/json',
    'x-road-id': xRoadId,
    'x-road-request-hash': requestHash(req.signatureBase),
  }
  const res = signResponse(
    { status: 200, header: (n) => resHeaders[n], requestSignature: req.signature },
    provider.signing,
    { now: CREATED },
  )
  return { client, provider, req, res, reqHeaders, resHeaders }
}

/** The record one gateway would log for the exchange; `redact` as the provider side does. */
function exchangeRecord(xRoadId: string, redact: boolean) {
  const x = signedExchange(xRoadId)
  const evidence = (s: typeof x.req) => ({
    input: s.signatureInput,
    signature: s.signature,
    keyid: s.keyid,
    base: s.signatureBase,
  })
  const record: AuditRecordInput = {
    ...sampleRecord(1),
    side: redact ? 'provider' : 'consumer',
    xRoadId,
    requestId: REQUEST_ID,
    client: CLIENT,
    service: SERVICE,
    path: `/${PIN}`,
    userId: undefined,
    digests: { request: x.reqHeaders['content-digest'], response: x.resHeaders['content-digest'] },
    requestHash: x.resHeaders['x-road-request-hash'],
    signatures: { request: evidence(x.req), response: evidence(x.res) },
  }
  return { x, record: redact ? redactStrings(record, subjectRedactor(PIN)) : record }
}

export interface Fixture {
  bundle: EvidenceBundle
  directory: Pick<DirectoryView, 'publishedKey' | 'keyRevokedAt'>
  logPublicJwk: KeyJwk
}

/** A log of three records (the exchange is the second), checkpointed, and its bundle. */
export async function evidenceFixture(options: { redact?: boolean } = {}): Promise<Fixture> {
  const dir = await tempDir()
  const { privateJwk, publicJwk } = await logKeyPair()
  const log = await createAuditLog({ dir, logKey: privateJwk, checkpointEvery: 3 })
  onTestFinished(() => log.close())
  const { x, record } = exchangeRecord('kg-evidence-1', options.redact ?? false)
  await log.append(sampleRecord(1))
  await log.append(record)
  await log.append(sampleRecord(3))
  const directory = directoryOf([
    { memberId: 'KG/COM/10000001', jwk: x.client.jwk },
    { memberId: 'KG/GOV/70000001', jwk: x.provider.jwk },
  ])
  const bundle = await buildEvidence({
    log,
    auditDir: dir,
    directory,
    xRoadId: 'kg-evidence-1',
    waitMs: 5000,
  })
  return { bundle, directory, logPublicJwk: publicJwk as KeyJwk }
}

/** A directory stand-in publishing `keys` from 2026-01-01, none revoked. */
export function directoryOf(
  keys: { memberId: string; jwk: KeyJwk & { kid: string } }[],
): Fixture['directory'] {
  return {
    publishedKey(kid) {
      const found = keys.find((k) => k.jwk.kid === kid)
      if (!found) return undefined
      const entry = { jwk: found.jwk, notBefore: '2026-01-01T00:00:00Z' }
      return { memberId: found.memberId, entry } as ReturnType<DirectoryView['publishedKey']>
    },
    keyRevokedAt: () => undefined,
  }
}
