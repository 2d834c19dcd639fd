// Certificate revocation, federation CAs, member classes and global groups.
import { describe, expect, it } from 'vitest'
import { applyOperation } from '#gateway/directory/authority/index.js'
import { AGENCY, BANK, T0, codeOf, ctx, run, testPki, withMembers } from './fixtures.js'

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
