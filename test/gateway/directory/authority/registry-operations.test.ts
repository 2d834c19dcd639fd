// The registry's operations: validation, approval, rotation, revocation, CAs and global groups.
import { describe, expect, it } from 'vitest'
import {
  applyOperation,
  createRegistryState,
  parseOperation,
  type Operation,
  type RegistryState,
} from '../../../../gateway/directory/authority/index.js'
import { AGENCY, BANK, INIT, T0, codeOf, memberKey, testPki } from './fixtures.js'

const ctx = { now: T0, autoApprove: false }

/** Applies operations in order, as the authority would. */
function run(state: RegistryState, ...operations: Operation[]): RegistryState {
  return operations.reduce((s, op) => applyOperation(s, op, ctx).state, state)
}

function withMembers(): RegistryState {
  return run(
    createRegistryState(INIT),
    { op: 'register-member', id: AGENCY, name: 'Population Registry Agency' },
    { op: 'register-member', id: BANK, name: 'Bank' },
    { op: 'register-subsystem', id: `${BANK}/kyc-app` },
  )
}

describe('register and approve', () => {
  it('registers a member as pending, and approval publishes nothing else', () => {
    const state = withMembers()
    expect(state.members[0]).toMatchObject({ id: AGENCY, status: 'pending' })
    const { state: next, change } = applyOperation(
      state,
      { op: 'approve', kind: 'member', id: AGENCY },
      ctx,
    )
    expect(next.members[0]).toMatchObject({
      status: 'approved',
      approvedAt: new Date(T0).toISOString(),
    })
    expect(change).toEqual({
      target: AGENCY,
      before: { kind: 'member', status: 'pending' },
      after: { kind: 'member', status: 'approved' },
    })
    expect(state.members[0]!.status).toBe('pending')
  })

  it('approves at once when autoApprove is on', () => {
    const op = { op: 'register-member', id: AGENCY, name: 'Agency' } as const
    const { state } = applyOperation(createRegistryState(INIT), op, { ...ctx, autoApprove: true })
    expect(state.members[0]!.status).toBe('approved')
  })

  it('refuses malformed ids, other instances, unknown classes and duplicates', async () => {
    const state = withMembers()
    const apply = (op: Operation) => () => applyOperation(state, op, ctx)
    const member = (id: string) => apply({ op: 'register-member', id, name: 'X' })
    expect(await codeOf(member('KG/GOV'))).toBe('invalid_identifier')
    expect(await codeOf(member('KG/GOV/7000 0001'))).toBe('invalid_identifier')
    expect(await codeOf(member('EE/GOV/70000009'))).toBe('invalid_identifier')
    expect(await codeOf(member('KG/NGO/20000001'))).toBe('invalid_identifier')
    expect(await codeOf(member(AGENCY))).toBe('already_registered')
    expect(await codeOf(apply({ op: 'register-member', id: 'KG/GOV/9', name: ' \n ' }))).toBe(
      'invalid_request',
    )
  })

  it('needs the member before its subsystems, nodes and keys, and the subsystem before services', async () => {
    const state = withMembers()
    const apply = (op: Operation) => () => applyOperation(state, op, ctx)
    const stranger = 'KG/GOV/70000099'
    const jwk = await memberKey()
    expect(await codeOf(apply({ op: 'register-subsystem', id: `${stranger}/app` }))).toBe(
      'unknown_item',
    )
    expect(
      await codeOf(
        apply({
          op: 'register-node',
          id: `${stranger}/gw1`,
          federationUrl: 'https://h:1',
          tlsFingerprint: 'ab'.repeat(32),
        }),
      ),
    ).toBe('unknown_item')
    expect(await codeOf(apply({ op: 'register-key', memberId: stranger, jwk }))).toBe(
      'unknown_item',
    )
    expect(
      await codeOf(
        apply({ op: 'register-service', id: `${AGENCY}/population/persons`, title: 'Persons' }),
      ),
    ).toBe('unknown_item')
  })

  it('registers a node with a normalised fingerprint, https only, one node per certificate', async () => {
    const fingerprint = 'AB:'.repeat(31) + 'AB'
    const state = run(withMembers(), {
      op: 'register-node',
      id: `${AGENCY}/gw1`,
      federationUrl: 'https://127.0.0.1:8443',
      tlsFingerprint: fingerprint,
    })
    expect(state.nodes[0]).toMatchObject({
      federationUrl: 'https://127.0.0.1:8443',
      tlsFingerprint: 'ab'.repeat(32),
      status: 'pending',
    })
    const node =
      (id: string, federationUrl: string, tlsFingerprint = 'cd'.repeat(32)) =>
      () =>
        applyOperation(state, { op: 'register-node', id, federationUrl, tlsFingerprint }, ctx)
    expect(await codeOf(node(`${AGENCY}/gw2`, 'http://127.0.0.1:8443'))).toBe('invalid_request')
    expect(await codeOf(node(`${AGENCY}/gw2`, 'https://u:p@127.0.0.1:8443'))).toBe(
      'invalid_request',
    )
    expect(await codeOf(node(`${AGENCY}/gw2`, 'https://h:1', 'xyz'))).toBe('invalid_request')
    expect(await codeOf(node(`${AGENCY}/gw2`, 'https://h:1', 'ab'.repeat(32)))).toBe(
      'already_registered',
    )
  })

  it('registers a service with its contract digest and URL', async () => {
    const state = run(
      withMembers(),
      { op: 'register-subsystem', id: `${AGENCY}/population` },
      {
        op: 'register-service',
        id: `${AGENCY}/population/persons`,
        title: 'Persons',
        contractDigest: 'A'.repeat(43),
        contractUrl: 'https://contracts.example/population.json',
      },
    )
    expect(state.services[0]).toMatchObject({
      id: `${AGENCY}/population/persons`,
      status: 'pending',
    })
    const bad = () =>
      applyOperation(
        state,
        { op: 'register-service', id: `${AGENCY}/population/x`, title: 'X', contractDigest: 'zz' },
        ctx,
      )
    expect(await codeOf(bad)).toBe('invalid_request')
  })

  it('refuses approving twice, unknown items and unknown kinds', async () => {
    const state = run(withMembers(), { op: 'approve', kind: 'member', id: AGENCY })
    const approve = (kind: string, id: string) => () =>
      applyOperation(state, { op: 'approve', kind, id } as Operation, ctx)
    expect(await codeOf(approve('member', AGENCY))).toBe('already_approved')
    expect(await codeOf(approve('node', `${AGENCY}/gw9`))).toBe('unknown_item')
    expect(await codeOf(approve('planet', AGENCY))).toBe('invalid_request')
  })

  it('leaves the given state untouched when an operation is refused', async () => {
    const state = withMembers()
    const before = JSON.stringify(state)
    const op = { op: 'register-subsystem', id: `${BANK}/kyc-app` } as const
    expect(await codeOf(() => applyOperation(state, op, ctx))).toBe('already_registered')
    expect(JSON.stringify(state)).toBe(before)
  })
})

describe('signing keys', () => {
  it('stores a public key reduced to its published members, valid from now by default', async () => {
    const jwk = await memberKey()
    const state = run(withMembers(), {
      op: 'register-key',
      memberId: AGENCY,
      jwk: { ...jwk, ext: true },
    })
    expect(state.signingKeys[0]).toMatchObject({
      memberId: AGENCY,
      jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: jwk.kid, alg: 'ES256', use: 'sig' },
      notBefore: new Date(T0).toISOString(),
      status: 'pending',
    })
    expect(state.signingKeys[0]!.jwk).not.toHaveProperty('ext')
  })

  it('refuses private keys, a kid that is not the thumbprint, and reused kids', async () => {
    const state = run(withMembers(), {
      op: 'register-key',
      memberId: AGENCY,
      jwk: await memberKey(),
    })
    const key = (jwk: Record<string, unknown>, notAfter?: string) => () =>
      applyOperation(state, { op: 'register-key', memberId: AGENCY, jwk, notAfter }, ctx)
    const fresh = await memberKey()
    expect(await codeOf(key({ ...fresh, d: 'x'.repeat(43) }))).toBe('invalid_request')
    expect(await codeOf(key({ ...fresh, kid: 'k1' }))).toBe('invalid_request')
    expect(await codeOf(key({ ...fresh, kty: 'RSA' }))).toBe('invalid_request')
    expect(await codeOf(key(state.signingKeys[0]!.jwk))).toBe('already_registered')
    expect(await codeOf(key(fresh, '2020-01-01T00:00:00Z'))).toBe('invalid_request')
    expect(await codeOf(key(fresh, 'tomorrow'))).toBe('invalid_request')
  })

  it('rotates: the new key is valid from now, the old ones end after the overlap', async () => {
    const [old, revoked, next] = [await memberKey(), await memberKey(), await memberKey()]
    const state = run(
      withMembers(),
      { op: 'register-key', memberId: AGENCY, jwk: old },
      { op: 'register-key', memberId: AGENCY, jwk: revoked },
      { op: 'revoke-key', kid: revoked.kid },
    )
    const rotation = { op: 'rotate-key', memberId: AGENCY, jwk: next, overlapSeconds: 600 } as const
    const { state: rotated, change } = applyOperation(state, rotation, ctx)
    const byKid = (kid: string) => rotated.signingKeys.find((k) => k.jwk.kid === kid)!
    expect(byKid(next.kid)).toMatchObject({
      notBefore: new Date(T0).toISOString(),
      status: 'approved',
    })
    expect(byKid(old.kid).notAfter).toBe(new Date(T0 + 600_000).toISOString())
    expect(byKid(revoked.kid).notAfter).toBeUndefined()
    expect(change.target).toBe(AGENCY)
    expect((change.after as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toContain(next.kid)
    const tooLong = { ...rotation, jwk: await memberKey(), overlapSeconds: -1 }
    expect(await codeOf(() => applyOperation(state, tooLong, ctx))).toBe('invalid_request')
  })

  it('revokes a key once, with the time of revocation', async () => {
    const jwk = await memberKey()
    const state = run(
      withMembers(),
      { op: 'register-key', memberId: AGENCY, jwk },
      { op: 'revoke-key', kid: jwk.kid },
    )
    expect(state.revocations.keys).toEqual([
      { kid: jwk.kid, revokedAt: new Date(T0).toISOString() },
    ])
    expect(await codeOf(() => applyOperation(state, { op: 'revoke-key', kid: jwk.kid }, ctx))).toBe(
      'already_revoked',
    )
    expect(await codeOf(() => applyOperation(state, { op: 'revoke-key', kid: 'nope' }, ctx))).toBe(
      'unknown_item',
    )
  })
})

describe('certificates and groups', () => {
  it('revokes a certificate by normalised fingerprint, naming the node it belonged to', async () => {
    const state = run(withMembers(), {
      op: 'register-node',
      id: `${AGENCY}/gw1`,
      federationUrl: 'https://127.0.0.1:8443',
      tlsFingerprint: 'ab'.repeat(32),
    })
    const { state: next, change } = applyOperation(
      state,
      { op: 'revoke-cert', fingerprint: 'AB'.repeat(32) },
      ctx,
    )
    expect(next.revocations.certificates).toEqual([
      { fingerprint: 'ab'.repeat(32), revokedAt: new Date(T0).toISOString() },
    ])
    expect(change.after).toMatchObject({ node: `${AGENCY}/gw1` })
    expect(
      await codeOf(() =>
        applyOperation(next, { op: 'revoke-cert', fingerprint: 'ab'.repeat(32) }, ctx),
      ),
    ).toBe('already_revoked')
  })

  it('adds a CA certificate once and refuses a certificate that is not a CA', async () => {
    const pki = await testPki()
    const state = run(withMembers(), { op: 'add-ca', pem: pki.caPem })
    expect(state.federationCas).toHaveLength(1)
    expect(state.federationCas[0]!.pem).toContain('BEGIN CERTIFICATE')
    const add = (pem: string) => () => applyOperation(state, { op: 'add-ca', pem }, ctx)
    expect(await codeOf(add(pki.caPem))).toBe('already_registered')
    expect(await codeOf(add(pki.nodeCertPem))).toBe('invalid_request')
    expect(await codeOf(add('not a certificate'))).toBe('invalid_request')
  })

  it('manages global groups of registered subsystems', async () => {
    const state = run(
      withMembers(),
      { op: 'add-member-class', code: 'NGO', description: 'Non-governmental organisations' },
      { op: 'add-global-group', code: 'security-services', description: 'Lawful covert access' },
      { op: 'add-group-member', group: 'security-services', subsystemId: `${BANK}/kyc-app` },
    )
    expect(state.memberClasses.map((c) => c.code)).toEqual(['GOV', 'COM', 'NGO'])
    expect(state.globalGroups[0]!.members).toEqual([`${BANK}/kyc-app`])
    const add = (group: string, subsystemId: string) => () =>
      applyOperation(state, { op: 'add-group-member', group, subsystemId }, ctx)
    expect(await codeOf(add('security-services', `${BANK}/kyc-app`))).toBe('already_registered')
    expect(await codeOf(add('security-services', `${BANK}/other`))).toBe('unknown_item')
    expect(await codeOf(add('nope', `${BANK}/kyc-app`))).toBe('unknown_item')
    const removed = run(state, {
      op: 'remove-group-member',
      group: 'security-services',
      subsystemId: `${BANK}/kyc-app`,
    })
    expect(removed.globalGroups[0]!.members).toEqual([])
  })
})

describe('parseOperation', () => {
  it('accepts allow-listed fields of the right JSON types only', async () => {
    expect(parseOperation('register-member', { id: AGENCY, name: 'A' })).toEqual({
      op: 'register-member',
      id: AGENCY,
      name: 'A',
    })
    expect(await codeOf(() => parseOperation('drop-tables', {}))).toBe('unknown_operation')
    expect(await codeOf(() => parseOperation('register-member', { id: AGENCY }))).toBe(
      'invalid_request',
    )
    expect(
      await codeOf(() =>
        parseOperation('register-member', { id: AGENCY, name: 'A', op: 'approve' }),
      ),
    ).toBe('invalid_request')
    expect(await codeOf(() => parseOperation('register-member', { id: 1, name: 'A' }))).toBe(
      'invalid_request',
    )
    expect(await codeOf(() => parseOperation('register-member', [AGENCY]))).toBe('invalid_request')
    expect(await codeOf(() => parseOperation('rotate-key', { memberId: AGENCY, jwk: 'x' }))).toBe(
      'invalid_request',
    )
  })
})
