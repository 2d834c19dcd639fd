// verifyEvidence on bundles built from a real log: the intact bundle passes, each tamper fails
// exactly the check that guards it.
import { describe, expect, it } from 'vitest'
import {
  verifyEvidence,
  type EvidenceBundle,
  type VerifyEvidenceResult,
} from '#gateway/evidence/index.js'
import { evidenceFixture, PIN } from './evidence-fixtures.js'

function failed(result: VerifyEvidenceResult): string[] {
  return result.checks.filter((c) => !c.ok).map((c) => c.name)
}

function copy(bundle: EvidenceBundle): EvidenceBundle {
  return structuredClone(bundle)
}

/** Flips one base64 character of a `:b64:` or plain base64 value, keeping it well-formed. */
function flip(value: string, at: number): string {
  const c = value[at] === 'A' ? 'B' : 'A'
  return value.slice(0, at) + c + value.slice(at + 1)
}

describe('verifyEvidence', () => {
  it('accepts an intact consumer-side bundle and names every check', async () => {
    const { bundle, logPublicJwk } = await evidenceFixture()
    const result = await verifyEvidence(bundle, { logKey: logPublicJwk })
    expect(failed(result)).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.checks.map((c) => c.name)).toEqual([
      'bundle.form',
      'request.base',
      'request.key',
      'request.signature',
      'request.binding',
      'response.base',
      'response.key',
      'response.signature',
      'response.binding',
      'record.request-hash',
      'record.line',
      'log.leaf',
      'log.inclusion',
      'log.checkpoint',
    ])
    expect(bundle.inclusion).toMatchObject({ seq: 2, treeSize: 3 })
  })

  it('needs the subject for a PIN-redacted provider record, and accepts it with it', async () => {
    const { bundle } = await evidenceFixture({ redact: true })
    expect(bundle.line).toContain('{pin}')
    expect(bundle.line).not.toContain(PIN)
    const without = await verifyEvidence(bundle)
    expect(failed(without)).toEqual(['request.signature', 'record.request-hash'])
    expect(without.checks.find((c) => c.name === 'request.signature')?.detail).toMatch(/subject/)
    expect(failed(await verifyEvidence(bundle, { subject: PIN }))).toEqual([])
    const wrong = await verifyEvidence(bundle, { subject: '22905199138382' })
    expect(failed(wrong)).toEqual(['request.signature', 'record.request-hash'])
  })

  it('fails record.line when a byte of the record changes', async () => {
    const { bundle } = await evidenceFixture()
    const b = copy(bundle)
    b.record.status = 201
    expect(failed(await verifyEvidence(b))).toEqual(['response.binding', 'record.line'])
    const c = copy(bundle)
    c.line = c.line.replace('"status":200', '"status":201')
    expect(failed(await verifyEvidence(c))).toEqual(['record.line', 'log.leaf', 'log.inclusion'])
  })

  it('fails request.binding when the record names another X-Road-Request-Id than the signed one', async () => {
    const { bundle } = await evidenceFixture()
    const b = copy(bundle)
    b.record.requestId = 'req-evidence-2'
    b.line = JSON.stringify(b.record)
    expect(failed(await verifyEvidence(b))).toEqual([
      'request.binding',
      'log.leaf',
      'log.inclusion',
    ])
    // A base that never covered the request id binds the record to no exchange in particular.
    const c = copy(bundle)
    const request = c.record.signatures.request!
    request.input = request.input.replace(' "x-road-request-id"', '')
    request.base = request
      .base!.replace('\n"x-road-request-id": req-evidence-1', '')
      .replace(' "x-road-request-id"', '')
    expect(failed(await verifyEvidence(c))).toEqual(
      expect.arrayContaining(['request.signature', 'request.binding']),
    )
    expect(failed(await verifyEvidence(c))).not.toContain('request.base')
  })

  it('fails the signature when a base changes, and the base check when its params do', async () => {
    const { bundle } = await evidenceFixture()
    const b = copy(bundle)
    const request = b.record.signatures.request!
    request.base = request.base!.replace('"x-road-id": kg-evidence-1', '"x-road-id": kg-evidence-2')
    expect(failed(await verifyEvidence(b))).toEqual(
      expect.arrayContaining(['request.signature', 'request.binding', 'record.request-hash']),
    )
    const c = copy(bundle)
    c.record.signatures.response!.base += ' '
    expect(failed(await verifyEvidence(c))).toContain('response.base')
  })

  it('fails the signature check when a signature byte changes', async () => {
    const { bundle } = await evidenceFixture()
    for (const side of ['request', 'response'] as const) {
      const b = copy(bundle)
      const signature = b.record.signatures[side]!
      signature.signature = flip(signature.signature, 'kopuro=:'.length + 4)
      expect(failed(await verifyEvidence(b))).toContain(`${side}.signature`)
      expect(failed(await verifyEvidence(b))).not.toContain(`${side}.key`)
    }
  })

  it('fails log.inclusion when a proof path element changes', async () => {
    const { bundle } = await evidenceFixture()
    const b = copy(bundle)
    b.inclusion.path[0] = flip(b.inclusion.path[0]!, 3)
    expect(failed(await verifyEvidence(b))).toEqual(['log.inclusion'])
  })

  it('fails log.checkpoint on a changed JWS, a foreign log key or a tree-head mismatch', async () => {
    const { bundle, logPublicJwk } = await evidenceFixture()
    const b = copy(bundle)
    const [h, p, s] = b.checkpoint.split('.')
    b.checkpoint = [h, p, flip(s!, 5)].join('.')
    expect(failed(await verifyEvidence(b))).toEqual(['log.checkpoint'])
    const other = (await evidenceFixture()).logPublicJwk
    expect(failed(await verifyEvidence(bundle, { logKey: other }))).toEqual(['log.checkpoint'])
    expect(failed(await verifyEvidence(bundle, { logKey: logPublicJwk }))).toEqual([])
    const c = copy(bundle)
    c.inclusion.treeSize = 2
    expect(failed(await verifyEvidence(c))).toEqual(['log.inclusion', 'log.checkpoint'])
  })

  it("fails the key check when a key's validity or signer does not fit", async () => {
    const { bundle } = await evidenceFixture()
    const kid = bundle.record.signatures.request!.keyid
    const expired = copy(bundle)
    expired.keys[kid]!.notAfter = '2026-02-01T00:00:00Z'
    expect(failed(await verifyEvidence(expired))).toEqual(['request.key'])
    const revoked = copy(bundle)
    revoked.keys[kid]!.revokedAt = '2026-03-01T11:59:00Z'
    expect(failed(await verifyEvidence(revoked))).toEqual(['request.key'])
    const foreign = copy(bundle)
    foreign.keys[kid]!.memberId = 'KG/COM/10000002'
    expect(failed(await verifyEvidence(foreign))).toEqual(['request.key'])
    const missing = copy(bundle)
    delete missing.keys[kid]
    expect(failed(await verifyEvidence(missing))).toEqual(['request.key', 'request.signature'])
  })

  it('never throws on malformed input', async () => {
    for (const input of [null, 'x', 42, {}, { version: 2 }, { version: 1, line: 1 }]) {
      const result = await verifyEvidence(input)
      expect(result).toMatchObject({ ok: false, checks: [{ name: 'bundle.form', ok: false }] })
    }
    const { bundle } = await evidenceFixture()
    const b = copy(bundle) as unknown as { record: { signatures: { request: unknown } } }
    b.record.signatures.request = { input: 42 }
    expect((await verifyEvidence(b)).ok).toBe(false)
  })
})
