// Verifies an evidence bundle offline: signatures, their binding to the record, and the log proof.
import { isDeepStrictEqual } from 'node:util'
import type { JWK } from 'jose'
import { calculateJwkThumbprint } from 'jose'
import { leafHash, verifyCheckpoint, verifyInclusion } from '../audit/index.js'
import type { AuditRecord } from '../audit/index.js'
import { requestHash } from '../signing/index.js'
import {
  bindingMismatch,
  checkKey,
  checkSignatureValue,
  expectedSigner,
  parseEvidence,
  restoreSubject,
  type EvidenceCheck,
  type ParsedEvidence,
} from './check-signature.js'
import { EVIDENCE_VERSION, type EvidenceBundle } from './evidence-bundle.js'

export interface VerifyEvidenceOptions {
  /** The data subject's code, to put back where a provider's log wrote `{pin}`. */
  subject?: string
  /** The log key the auditor trusts (out of band); the bundle's own `logKey` must be it. */
  logKey?: JWK
}

export interface VerifyEvidenceResult {
  ok: boolean
  checks: EvidenceCheck[]
}

type Side = 'request' | 'response'

/**
 * Checks a bundle without any gateway: each signature against its published key and base, the
 * base against the record, the record against its logged line, and the line's inclusion in the
 * signed checkpoint (RFC 9421, RFC 9162). Never throws: a bad bundle yields failed checks.
 *
 * @example
 * const { ok, checks } = await verifyEvidence(JSON.parse(text), { subject: '22905199138381' })
 */
export async function verifyEvidence(
  bundle: unknown,
  options: VerifyEvidenceOptions = {},
): Promise<VerifyEvidenceResult> {
  const checks: EvidenceCheck[] = []
  const form = formProblem(bundle)
  checks.push(verdict('bundle.form', form))
  if (form === undefined) {
    const b = bundle as EvidenceBundle
    for (const side of ['request', 'response'] as const) {
      if (side === 'response' && b.record.signatures.response === undefined) continue
      checks.push(...checkSide(b, side, options.subject))
    }
    checks.push(await check('record.request-hash', () => requestHashProblem(b, options.subject)))
    checks.push(...(await checkLog(b, options.logKey)))
  }
  return { ok: checks.every((c) => c.ok), checks }
}

function checkSide(bundle: EvidenceBundle, side: Side, subject?: string): EvidenceCheck[] {
  const record = bundle.record
  let parsed: ParsedEvidence
  try {
    parsed = parseEvidence(record.signatures[side])
  } catch (error) {
    return [verdict(`${side}.base`, message(error))]
  }
  const key = Object.hasOwn(bundle.keys, parsed.keyid) ? bundle.keys[parsed.keyid] : undefined
  return [
    verdict(`${side}.base`, undefined),
    attempt(`${side}.key`, () => checkKey(parsed, key, expectedSigner(record, side))),
    attempt(`${side}.signature`, () =>
      key === undefined
        ? 'the key is not in the bundle'
        : checkSignatureValue(parsed, key, restoreSubject(parsed.evidence.base, subject)),
    ),
    attempt(`${side}.binding`, () => bindingMismatch(parsed, record, side)),
  ]
}

/** X-Road-Request-Hash: base64 SHA-512 of the request's signature base as signed. */
function requestHashProblem(bundle: EvidenceBundle, subject?: string): string | undefined {
  const base = bundle.record.signatures.request?.base
  if (bundle.record.requestHash === undefined) return undefined
  if (base === undefined) return 'no request base logged'
  const hash = requestHash(restoreSubject(base, subject))
  return hash === bundle.record.requestHash ? undefined : 'requestHash is not SHA-512 of the base'
}

async function checkLog(bundle: EvidenceBundle, trusted?: JWK): Promise<EvidenceCheck[]> {
  const { line, record, inclusion } = bundle
  const bytes = Buffer.from(line, 'utf8')
  return [
    attempt('record.line', () =>
      isDeepStrictEqual(JSON.parse(line), record) ? undefined : 'the line is not the record',
    ),
    attempt('log.leaf', () =>
      leafHash(bytes).toString('base64') === inclusion.leafHash && record.seq === inclusion.seq
        ? undefined
        : 'the line is not the proven leaf',
    ),
    attempt('log.inclusion', () =>
      verifyInclusion(
        leafHash(bytes),
        inclusion.seq - 1,
        inclusion.treeSize,
        inclusion.path.map(b64),
        b64(inclusion.root),
      )
        ? undefined
        : 'the inclusion proof does not lead to the root',
    ),
    await check('log.checkpoint', () => checkpointProblem(bundle, trusted)),
  ]
}

async function checkpointProblem(bundle: EvidenceBundle, trusted?: JWK) {
  if (trusted) {
    const [a, b] = await Promise.all([thumbprint(trusted), thumbprint(bundle.logKey)])
    if (a !== b) return 'the bundle names another log key than the trusted one'
  }
  const head = await verifyCheckpoint(bundle.checkpoint, { publicJwk: bundle.logKey })
  if (head.size !== bundle.inclusion.treeSize || head.root !== bundle.inclusion.root) {
    return 'the checkpoint is not the proof tree head'
  }
  if (head.node !== undefined && head.node !== bundle.node)
    return 'the checkpoint names another node'
  return undefined
}

function thumbprint(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x } as JWK, 'sha256')
}

/** Just enough shape that the checks can index into the bundle without throwing. */
function formProblem(bundle: unknown): string | undefined {
  const b = bundle as Partial<EvidenceBundle> | null
  if (typeof b !== 'object' || b === null) return 'not an object'
  if (b.version !== EVIDENCE_VERSION) return 'unknown version'
  if (typeof b.line !== 'string' || typeof b.checkpoint !== 'string') return 'no line or checkpoint'
  if (typeof b.node !== 'string' || !isObject(b.keys) || !isObject(b.logKey)) return 'no keys'
  const r = b.record as Partial<AuditRecord> | undefined
  if (!isObject(r) || !isObject(r.signatures) || !isObject(r.digests)) return 'no record'
  if (typeof r.method !== 'string' || typeof r.client !== 'string') return 'no record'
  if (typeof r.service !== 'string' || typeof r.seq !== 'number') return 'no record'
  const p = b.inclusion
  if (!isObject(p) || !Array.isArray(p.path) || typeof p.root !== 'string') return 'no proof'
  return undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function b64(value: unknown): Buffer {
  return Buffer.from(String(value), 'base64')
}

function verdict(name: string, problem: string | undefined): EvidenceCheck {
  return problem === undefined ? { name, ok: true } : { name, ok: false, detail: problem }
}

function attempt(name: string, run: () => string | undefined): EvidenceCheck {
  try {
    return verdict(name, run())
  } catch (error) {
    return verdict(name, message(error))
  }
}

async function check(name: string, run: () => Promise<string | undefined> | string | undefined) {
  try {
    return verdict(name, await run())
  } catch (error) {
    return verdict(name, message(error))
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : 'the check failed'
}
