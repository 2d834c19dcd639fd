// Offline checks of one logged RFC 9421 signature: its base, key, value and binding to the record.
import { verify } from 'node:crypto'
import type { AuditRecord, SignatureEvidence } from '../audit/index.js'
import { memberOf } from '../identifiers/index.js'
import { KopuroError } from '../lib/errors.js'
import {
  importVerifyingKey,
  isInnerList,
  parseDictionaryMember,
  serializeInnerList,
  serializeItem,
  type KeyJwk,
  type SfParams,
} from '../signing/index.js'
import type { EvidenceKey } from './evidence-bundle.js'

/** One named verdict; `detail` says what failed, never echoing untrusted values at length. */
export interface EvidenceCheck {
  name: string
  ok: boolean
  detail?: string
}

/** What the signature checks need: the signature, its base's lines, its signer's identity. */
export interface ParsedEvidence {
  evidence: SignatureEvidence & { base: string }
  /** Component values by serialised identifier (`"x-road-id"`, `"signature";req`). */
  lines: Map<string, string>
  created: number
  alg: string
  keyid: string
  label: string
}

const PIN_MARKER = '{pin}'

/**
 * `malformed_evidence`: a logged signature's base does not fit its Signature-Input;
 * `subject_required` / `malformed_subject`: a PIN-redacted base without a usable subject.
 */
export type EvidenceFormatCode = 'malformed_evidence' | 'subject_required' | 'malformed_subject'

/**
 * Why a logged signature cannot be checked at all. verifyEvidence turns it into a failed check
 * whose `detail` is the message, so messages are fixed text naming at most a base line's number
 * and a component identifier.
 *
 * @example throw new EvidenceFormatError('malformed_evidence', 'no signature base logged')
 */
export class EvidenceFormatError extends KopuroError<EvidenceFormatCode> {
  constructor(code: EvidenceFormatCode, message: string) {
    super(code, message)
    this.name = 'EvidenceFormatError'
  }
}

function malformed(message: string): EvidenceFormatError {
  return new EvidenceFormatError('malformed_evidence', message)
}

/**
 * RFC 9421 §2.5: the base is the covered components' lines in the order Signature-Input lists
 * them, then `"@signature-params": <the inner list>`. Throws an EvidenceFormatError
 * `malformed_evidence` naming the mismatch.
 */
export function parseEvidence(evidence: SignatureEvidence | undefined): ParsedEvidence {
  if (!evidence || typeof evidence.base !== 'string') throw malformed('no signature base logged')
  const member = parseDictionaryMember(evidence.input)
  if (!isInnerList(member.value)) throw malformed('Signature-Input is not an inner list')
  const baseLines = evidence.base.split('\n')
  const last = baseLines.pop()
  if (last !== `"@signature-params": ${serializeInnerList(member.value)}`) {
    throw malformed('the base does not end with the Signature-Input parameters')
  }
  const ids = member.value.items.map(serializeItem)
  if (ids.length !== baseLines.length) throw malformed('the base does not list the components')
  const lines = new Map<string, string>()
  ids.forEach((id, i) => {
    const line = baseLines[i]!
    if (!line.startsWith(`${id}: `)) throw malformed(`base line ${i + 1} is not ${id}`)
    lines.set(id, line.slice(id.length + 2))
  })
  const params = member.value.params
  const created = param(params, 'created')
  const alg = param(params, 'alg')
  const keyid = param(params, 'keyid')
  if (typeof created !== 'number' || typeof alg !== 'string' || typeof keyid !== 'string') {
    throw malformed('Signature-Input lacks created, alg or keyid')
  }
  if (keyid !== evidence.keyid) throw malformed('the logged keyid is not the signed one')
  return {
    evidence: { ...evidence, base: evidence.base },
    lines,
    created,
    alg,
    keyid,
    label: member.key,
  }
}

function param(params: SfParams, key: string): unknown {
  return params.find(([k]) => k === key)?.[1]
}

/**
 * The key was published for `signer` (a member id), its type fits `alg`, and at `created` it was
 * within notBefore–notAfter and not yet revoked (docs/design.md §3).
 */
export function checkKey(
  parsed: ParsedEvidence,
  key: EvidenceKey | undefined,
  signer: string,
): string | undefined {
  if (!key) return 'the key is not in the bundle'
  if (key.memberId !== signer) return `the key belongs to ${key.memberId}, not the signer`
  if (importVerifyingKey(key.jwk as KeyJwk).alg !== parsed.alg) return 'alg does not fit the key'
  const at = parsed.created * 1000
  if (!(Date.parse(key.notBefore) <= at)) return 'the key was not yet valid at created'
  if (key.notAfter !== undefined && !(at < Date.parse(key.notAfter))) {
    return 'the key had expired at created'
  }
  if (key.revokedAt !== undefined && !(at < Date.parse(key.revokedAt))) {
    return 'the key was revoked at created'
  }
  return undefined
}

/** The base with the data subject's PIN put back where the provider's log redacted it. */
export function restoreSubject(base: string, subject: string | undefined): string {
  if (!base.includes(PIN_MARKER)) return base
  if (subject === undefined) {
    throw new EvidenceFormatError('subject_required', 'the base is PIN-redacted: give the subject')
  }
  if (!/^[0-9]{1,64}$/.test(subject)) {
    throw new EvidenceFormatError('malformed_subject', 'the subject is not a digit string')
  }
  return base.replaceAll(PIN_MARKER, subject)
}

/** RFC 9421 §3.3.4 (ECDSA P-256, raw r‖s) and §3.3.6 (Ed25519) over the ASCII base. */
export function checkSignatureValue(
  parsed: ParsedEvidence,
  key: EvidenceKey,
  base: string,
): string | undefined {
  const member = parseDictionaryMember(parsed.evidence.signature)
  if (member.key !== parsed.label) return 'Signature and Signature-Input labels differ'
  const value = member.value
  if (isInnerList(value) || !(value.value instanceof Uint8Array)) return 'not a byte sequence'
  const { key: publicKey, alg } = importVerifyingKey(key.jwk as KeyJwk)
  const data = Buffer.from(base, 'latin1')
  const ok =
    alg === 'ed25519'
      ? verify(null, data, publicKey, value.value)
      : verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, value.value)
  return ok ? undefined : 'the signature does not verify over the base'
}

/** Which base lines must equal which record fields (docs/design.md §2 covered components). */
export function bindingMismatch(
  parsed: ParsedEvidence,
  record: AuditRecord,
  side: 'request' | 'response',
): string | undefined {
  const expected: [string, string | undefined][] =
    side === 'request'
      ? [
          ['"@method"', record.method.toUpperCase()],
          ['"x-road-client"', record.client],
          ['"x-road-id"', record.xRoadId],
          // The one id unique to the exchange: a bundle proves which of several it is.
          ['"x-road-request-id"', record.requestId],
          ['"content-digest"', record.digests.request],
        ]
      : [
          ['"@status"', String(record.status)],
          ['"x-road-id"', record.xRoadId],
          ['"content-digest"', record.digests.response],
          ['"x-road-request-hash"', record.requestHash],
          ['"signature";req', record.signatures.request?.signature],
        ]
  for (const [id, value] of expected) {
    if (parsed.lines.get(id) !== value) return `${id} in the base differs from the record`
  }
  if (side === 'request' && parsed.lines.get('"x-road-userid"') !== record.userId) {
    return '"x-road-userid" in the base differs from the record'
  }
  return undefined
}

/** The member whose key must have made the signature: the client's, or the provider's. */
export function expectedSigner(record: AuditRecord, side: 'request' | 'response'): string {
  return memberOf(side === 'request' ? record.client : record.service)
}
