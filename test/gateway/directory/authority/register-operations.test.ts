// Registration and approval: validation of ids, owners, URLs and fingerprints; refusals change nothing.
import { describe, expect, it } from 'vitest'
import {
  applyOperation,
  createRegistryState,
  type Operation,
} from '#gateway/directory/authority/index.js'
import { AGENCY, BANK, INIT, T0, codeOf, ctx, memberKey, run, withMembers } from './fixtures.js'

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
