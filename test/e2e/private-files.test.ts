// A running federation keeps its secrets and personal data owner-only: after real exchanges,
// admin changes and witness pushes, every file the nodes, the authority and the PKI wrote is
// 0600 in 0700 directories (certificates and public keys may be 0644), under umask 000.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken } from '#gateway/admin/index.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { isPublicPkiFile, listModes, notPrivate, underOpenUmask } from '../support/file-modes.js'
import { rawRequest } from '../support/http-raw.js'
import {
  KYC_APP,
  MARKETING_APP,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

underOpenUmask()

let fed: TestFederation
const PIN = '22905199138381'
/** Written by the test support (the echo registry's contract), not by kopuro. */
const FIXTURES = new Set(['echo-contract.json'])

beforeAll(async () => {
  fed = await startTestFederation({
    directory: { validitySeconds: 3600, pollSeconds: 60, mirrorPollMs: 200 },
  })
})
afterAll(() => fed?.close())

async function adminGrant(): Promise<number> {
  const key = JSON.parse(await readFile(adminKeyFile(fed.dir, PROVIDER), 'utf8'))
  const token = await issueRoleToken(
    key,
    { memberId: PROVIDER, now: Date.now },
    { subject: 'admin-1', role: 'admin' },
  )
  const grant = {
    subject: MARKETING_APP,
    service: PERSONS,
    endpoints: [{ method: 'GET', path: '/*' }],
  }
  const res = await rawRequest(fed.provider.adminUrl, '/admin/grants', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(grant),
  })
  return res.status
}

describe('file modes of a running federation', () => {
  it('leaves nothing readable by others after an exchange, an admin change and a witnessed close', async () => {
    const res = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/${PIN}`, {
      headers: { authorization: `Bearer ${await fed.token(KYC_APP)}`, 'x-road-client': KYC_APP },
    })
    expect(res.status).toBe(200)
    expect(await adminGrant()).toBe(201)
    // Closing signs a last checkpoint and pushes it to the authority's witness.
    await Promise.all([fed.provider.close(), fed.bank.close()])
    const entries = (await listModes(fed.dir)).filter((e) => !FIXTURES.has(e.path))
    const paths = entries.map((e) => e.path)
    for (const written of [
      'directory/registry.json',
      'directory/witness.json',
      'directory/admin-token-key.private.jwk.json',
      'directory/changes/segment-000001.jsonl',
      'audit/KG_GOV_70000001_gw1/segment-000001.jsonl',
      'audit/KG_GOV_70000001_gw1/checkpoints.jsonl',
      'audit/KG_GOV_70000001_gw1/admin-changes.jsonl',
      'audit/KG_COM_10000001_gw1/head.json',
      'directory-cache/KG_COM_10000001_gw1.jws',
      'tracker/KG_GOV_70000001.key.jwk.json',
      'log-keys/KG_GOV_70000001_gw1.private.jwk.json',
      'tokens/KG_GOV_70000001.admin.private.jwk.json',
      'pki/ca/root.key.pem',
      'gateways/KG_GOV_70000001_gw1.json',
      'directory/anchor.json',
    ]) {
      expect(paths).toContain(written)
    }
    expect(notPrivate(entries, (p) => p.startsWith('pki/') && isPublicPkiFile(p))).toEqual([])
  })
})
