// Plain values for the exchange stages of both sides: members and their keys, a directory that
// publishes them, a signed request, logs that keep or refuse records, and the node's metrics.
import { generateKeyPairSync } from 'node:crypto'
import type { JWK } from 'jose'
import { pino, type Logger } from 'pino'
import { createRootCa } from '#certs/index.js'
import { AuditLogError, type AuditLog, type AuditRecordInput } from '#gateway/audit/index.js'
import {
  createDirectoryView,
  lookupMemberKey,
  type DirectoryClient,
  type DirectoryView,
} from '#gateway/directory/index.js'
import { createGatewayMetrics, type GatewayMetrics } from '#gateway/monitoring/index.js'
import {
  contentDigest,
  importSigningKey,
  signRequest,
  verifyRequestSignature,
  type SignedMessage,
  type SigningKey,
  type VerifiedSignature,
} from '#gateway/signing/index.js'

export const BANK = 'KG/COM/10000001'
export const KYC_APP = `${BANK}/kyc-app`
export const MARKETING_APP = `${BANK}/marketing-app`
export const POPULATION = 'KG/GOV/70000001'
export const PERSONS = `${POPULATION}/population/persons`
export const PIN = '22905199138381'
export const X_ROAD_ID = 'c1b4e2a0-0b7e-4a43-9d52-9f5f2f7d2a11'
export const REQUEST_ID = '0b9d3f4a-1c2e-4f60-8a7b-9c0d1e2f3a4b'
export const FEDERATION_ORIGIN = 'https://127.0.0.1:8443'
export const URL_PATH = `/r1/${PERSONS}/${PIN}`
/** A fixed clock, in ms: every stage under test reads this time. */
export const NOW_MS = Date.parse('2026-03-01T12:00:00Z')
export const now = () => NOW_MS
export const SKEW_SECONDS = 30
export const silent: Logger = pino({ level: 'silent' })

export interface MemberKey {
  memberId: string
  signing: SigningKey
  publicJwk: JWK & { kid: string }
}

export function createMemberKey(memberId: string): MemberKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const kid = `${memberId}/sign-1`
  return {
    memberId,
    signing: importSigningKey({ ...privateKey.export({ format: 'jwk' }), kid }),
    publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'EdDSA' },
  }
}

export const bankKey = createMemberKey(BANK)
export const populationKey = createMemberKey(POPULATION)

/**
 * The bank (two subsystems) and the population agency (the persons service), with their keys
 * and one node each; `tls` gives the federation CAs and each member's node certificate.
 */
export function createTestView(
  tls: { federationCas: string[]; fingerprints: Record<string, string> } = {
    federationCas: [],
    fingerprints: {},
  },
): DirectoryView {
  const member = (key: MemberKey, name: string, subsystems: string[]) => ({
    id: key.memberId,
    name,
    subsystems: subsystems.map((code) => ({ code })),
    signingKeys: [{ jwk: key.publicJwk, notBefore: '2026-01-01T00:00:00Z' }],
    nodes: [
      {
        code: 'gw1',
        federationUrl: FEDERATION_ORIGIN,
        tlsFingerprint: tls.fingerprints[key.memberId] ?? '00'.repeat(32),
      },
    ],
  })
  return createDirectoryView({
    instance: 'KG',
    serial: 1,
    issuedAt: '2026-02-01T00:00:00Z',
    expiresAt: '2027-01-01T00:00:00Z',
    memberClasses: [],
    members: [
      member(bankKey, 'Bank', ['kyc-app', 'marketing-app']),
      member(populationKey, 'Population Registry Agency', ['population']),
    ],
    services: [{ id: PERSONS, title: 'Persons' }],
    federationCas: tls.federationCas,
    globalGroups: [],
    revocations: { keys: [], certificates: [] },
  })
}

export const view = createTestView()

/** The request headers as the consumer gateway sends them, before it signs. */
export function federationHeaders(): Record<string, string> {
  return {
    'x-road-client': KYC_APP,
    'x-road-id': X_ROAD_ID,
    'x-road-request-id': REQUEST_ID,
    'x-road-userid': 'KG12345678901',
    'content-digest': contentDigest(new Uint8Array(0)),
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  }
}

/** A GET of a person, signed by the bank as the consumer gateway signs it (at NOW_MS). */
export function signedRequest(headers = federationHeaders()): SignedMessage {
  return signRequest(
    {
      method: 'GET',
      targetUri: FEDERATION_ORIGIN + URL_PATH,
      header: (name) => headers[name],
      coveredHeaders: ['traceparent'],
    },
    bankKey.signing,
    { now: NOW_MS / 1000 },
  )
}

/** The same request as the provider gateway verified it, its key taken from the directory. */
export function verifiedRequest(
  headers = federationHeaders(),
  signed = signedRequest(headers),
): VerifiedSignature {
  const all: Record<string, string> = {
    ...headers,
    'signature-input': signed.signatureInput,
    signature: signed.signature,
  }
  return verifyRequestSignature(
    { method: 'GET', targetUri: FEDERATION_ORIGIN + URL_PATH, header: (name) => all[name] },
    {
      now: NOW_MS / 1000,
      skewSeconds: SKEW_SECONDS,
      lookupKey: (kid, alg, created) =>
        lookupMemberKey(
          view,
          BANK,
          { kid, alg, createdSec: created, nowMs: NOW_MS },
          'server.serverproxy.invalid_signature_value',
        ),
    },
  )
}

/** A message log that keeps every record it is given, durable at once. */
export function keepingLog(): Pick<AuditLog, 'append'> & { records: AuditRecordInput[] } {
  const records: AuditRecordInput[] = []
  return {
    records,
    append: async (record) => {
      records.push(record)
      return { seq: records.length, hash: 'h' }
    },
  }
}

/** A message log whose disk has failed: it raises what the real log raises then. */
export function failingLog(): Pick<AuditLog, 'append'> {
  return {
    append: () => Promise.reject(new AuditLogError('write_failed', 'segment write failed')),
  }
}

/** The node's real metrics over the test directory. */
export async function createTestMetrics(nodeId: string): Promise<GatewayMetrics> {
  const ca = await createRootCa({ name: 'Test CA' })
  return createGatewayMetrics({
    nodeId,
    audit: { stats: () => ({ lastCommitMs: 0, pending: 0, failed: false, seq: 0 }) } as never,
    directory: { held: () => view } as unknown as DirectoryClient,
    certificatePem: ca.certPem,
    now,
  })
}

/** The `kopuro_exchanges_total` series as `/metrics` shows them. */
export async function exchangeSeries(metrics: GatewayMetrics): Promise<string[]> {
  const text = await metrics.registry.getSingleMetricAsString('kopuro_exchanges_total')
  return text.split('\n').filter((line) => line.startsWith('kopuro_exchanges_total{'))
}
