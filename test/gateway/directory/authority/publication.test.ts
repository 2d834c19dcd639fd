// Publication: serials, approved-only content, validity, revocations and the change log.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GENESIS_HASH } from '#gateway/audit/index.js'
import {
  readChangeRecords,
  verifyChangeLog,
  type Authority,
  type ChangeRecord,
} from '#gateway/directory/authority/index.js'
import { verifyDirectory } from '#gateway/directory/index.js'
import { AGENCY, BANK, T0, codeOf, memberKey, openAuthority, testPki } from './fixtures.js'

const open: Authority[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((a) => a.close()))
})

async function started(extra = {}) {
  const t = await openAuthority(extra)
  open.push(t.authority)
  return t
}

async function published(authority: Authority, anchor: Parameters<typeof verifyDirectory>[1]) {
  return verifyDirectory(authority.current().jws, anchor)
}

async function changes(dir: string): Promise<ChangeRecord[]> {
  const out: ChangeRecord[] = []
  for await (const record of readChangeRecords(dir)) out.push(record)
  return out
}

describe('serial', () => {
  it('starts after lastSerial and grows by one with every change and republication', async () => {
    const { authority } = await started()
    expect(authority.current().serial).toBe(1)
    const result = await authority.apply(
      { op: 'register-member', id: AGENCY, name: 'Agency' },
      'alice',
    )
    expect(result.serial).toBe(2)
    expect(authority.current().serial).toBe(2)
    expect((await authority.publish()).serial).toBe(3)
  })

  it('never reuses a serial across restarts: the next start continues after the last', async () => {
    const t = await started()
    await t.authority.apply({ op: 'register-member', id: AGENCY, name: 'Agency' }, 'alice')
    await t.authority.publish()
    await t.authority.close()
    open.pop()
    const reopened = await t.reopen()
    open.push(reopened)
    expect(reopened.current().serial).toBe(4)
    expect(reopened.state().members.map((m) => m.id)).toEqual([AGENCY])
    const stored = JSON.parse(await readFile(t.stateFile, 'utf8'))
    expect(stored.lastSerial).toBe(4)
  })

  it('continues from the serial a new registry is given', async () => {
    const { authority } = await started({ init: { instance: 'KG', lastSerial: 1_760_000_000 } })
    expect(authority.current().serial).toBe(1_760_000_001)
  })

  it('gives concurrent changes distinct, consecutive serials', async () => {
    const { authority } = await started()
    const results = await Promise.all(
      ['1', '2', '3', '4'].map((n) =>
        authority.apply(
          { op: 'register-member', id: `KG/GOV/7000000${n}`, name: `M${n}` },
          'alice',
        ),
      ),
    )
    expect(results.map((r) => r.serial).sort()).toEqual([2, 3, 4, 5])
  })

  it('refuses a state file of another instance, and a missing one without init', async () => {
    const t = await started()
    await expect(t.reopen({ init: { instance: 'EE' } })).rejects.toThrow(TypeError)
    await expect(
      t.reopen({ init: undefined, stateFile: join(t.dir, 'other.json') }),
    ).rejects.toThrow(TypeError)
  })
})

describe('document', () => {
  it('is signed by the directory key, issued now and valid for validitySeconds', async () => {
    const { authority, anchor, clock } = await started({
      init: { instance: 'KG', validitySeconds: 600 },
    })
    clock.advance(5_000)
    await authority.publish()
    const doc = await published(authority, anchor)
    expect(doc.issuedAt).toBe(new Date(T0 + 5_000).toISOString())
    expect(doc.expiresAt).toBe(new Date(T0 + 5_000 + 600_000).toISOString())
    expect(authority.current().expiresAt).toBe(doc.expiresAt)
    expect(authority.republishIntervalMs()).toBe(150_000)
  })

  it('publishes approved items only, and nothing whose owner is pending', async () => {
    const { authority, anchor } = await started()
    const pki = await testPki()
    const key = await memberKey()
    const run = (op: Parameters<Authority['apply']>[0]) => authority.apply(op, 'alice')
    await run({ op: 'register-member', id: AGENCY, name: 'Agency' })
    await run({ op: 'register-member', id: BANK, name: 'Bank' })
    await run({ op: 'register-subsystem', id: `${AGENCY}/population` })
    await run({ op: 'register-subsystem', id: `${BANK}/kyc-app` })
    await run({ op: 'register-service', id: `${AGENCY}/population/persons`, title: 'Persons' })
    await run({ op: 'register-key', memberId: AGENCY, jwk: key })
    await run({
      op: 'register-node',
      id: `${AGENCY}/gw1`,
      federationUrl: 'https://127.0.0.1:8443',
      tlsFingerprint: pki.fingerprint,
    })
    await run({ op: 'add-global-group', code: 'banks', description: 'Banks' })
    await run({ op: 'add-group-member', group: 'banks', subsystemId: `${BANK}/kyc-app` })
    let doc = await published(authority, anchor)
    expect(doc.members).toEqual([])
    expect(doc.services).toEqual([])
    expect(doc.globalGroups).toEqual([{ code: 'banks', description: 'Banks', members: [] }])
    for (const [kind, id] of [
      ['member', AGENCY],
      ['subsystem', `${AGENCY}/population`],
      ['subsystem', `${BANK}/kyc-app`],
      ['service', `${AGENCY}/population/persons`],
      ['key', key.kid],
      ['node', `${AGENCY}/gw1`],
    ] as const) {
      await run({ op: 'approve', kind, id })
    }
    doc = await published(authority, anchor)
    expect(doc.members.map((m) => m.id)).toEqual([AGENCY])
    const agency = doc.members[0]!
    expect(agency.subsystems).toEqual([{ code: 'population' }])
    expect(agency.signingKeys.map((k) => k.jwk.kid)).toEqual([key.kid])
    expect(agency.nodes).toEqual([
      { code: 'gw1', federationUrl: 'https://127.0.0.1:8443', tlsFingerprint: pki.fingerprint },
    ])
    expect(doc.services).toEqual([{ id: `${AGENCY}/population/persons`, title: 'Persons' }])
    // The bank's subsystem is approved, but the bank is not: the group stays empty.
    expect(doc.globalGroups[0]!.members).toEqual([])
  })

  it('publishes member classes, CAs and revocations', async () => {
    const { authority, anchor, clock } = await started({ autoApprove: true })
    const pki = await testPki()
    const key = await memberKey()
    await authority.apply({ op: 'add-ca', pem: pki.caPem }, 'alice')
    await authority.apply({ op: 'register-member', id: AGENCY, name: 'Agency' }, 'alice')
    await authority.apply({ op: 'register-key', memberId: AGENCY, jwk: key }, 'alice')
    clock.advance(60_000)
    await authority.apply({ op: 'revoke-key', kid: key.kid }, 'alice')
    await authority.apply({ op: 'revoke-cert', fingerprint: pki.fingerprint }, 'alice')
    const doc = await published(authority, anchor)
    const at = new Date(T0 + 60_000).toISOString()
    expect(doc.memberClasses.map((c) => c.code)).toEqual(['GOV', 'COM'])
    expect(doc.federationCas).toHaveLength(1)
    expect(doc.revocations).toEqual({
      keys: [{ kid: key.kid, revokedAt: at }],
      certificates: [{ fingerprint: pki.fingerprint, revokedAt: at }],
    })
    // A revoked key stays published, so evidence signed before the revocation still verifies.
    expect(doc.members[0]!.signingKeys.map((k) => k.jwk.kid)).toEqual([key.kid])
  })

  it('also writes every published document to documentFile', async () => {
    const t = await openAuthority()
    await t.authority.close()
    const documentFile = join(t.dir, 'directory.jws')
    const authority = await t.reopen({ documentFile })
    open.push(authority)
    expect(await readFile(documentFile, 'utf8')).toBe(authority.current().jws)
  })
})

describe('change log', () => {
  it('records who changed what and in which serial, hash-chained and verifiable', async () => {
    const { authority, changeLogDir } = await started()
    await authority.apply({ op: 'register-member', id: AGENCY, name: 'Agency' }, 'alice')
    await authority.apply({ op: 'approve', kind: 'member', id: AGENCY }, 'bob')
    const records = await changes(changeLogDir)
    expect(records).toMatchObject([
      {
        seq: 1,
        actor: 'alice',
        action: 'register-member',
        target: AGENCY,
        serial: 2,
        prev: GENESIS_HASH,
      },
      {
        seq: 2,
        actor: 'bob',
        action: 'approve',
        target: AGENCY,
        serial: 3,
        before: { kind: 'member', status: 'pending' },
        after: { kind: 'member', status: 'approved' },
        time: new Date(T0).toISOString(),
      },
    ])
    expect(await verifyChangeLog(changeLogDir)).toMatchObject({ ok: true, records: 2 })
  })

  it('writes nothing for a refused change, and reports an edited record', async () => {
    const { authority, changeLogDir } = await started()
    await authority.apply({ op: 'register-member', id: AGENCY, name: 'Agency' }, 'alice')
    expect(
      await codeOf(() =>
        authority.apply({ op: 'register-member', id: AGENCY, name: 'Again' }, 'alice'),
      ),
    ).toBe('already_registered')
    await authority.apply({ op: 'register-member', id: BANK, name: 'Bank' }, 'alice')
    expect(authority.current().serial).toBe(3)
    expect((await changes(changeLogDir)).map((r) => r.seq)).toEqual([1, 2])
    await authority.close()
    open.pop()
    const segment = join(changeLogDir, 'segment-000001.jsonl')
    const text = await readFile(segment, 'utf8')
    await writeFile(segment, text.replace('"actor":"alice"', '"actor":"mallory"'))
    const result = await verifyChangeLog(changeLogDir)
    expect(result).toMatchObject({ ok: false, failure: { kind: 'chain_broken', seq: 1 } })
  })
})
