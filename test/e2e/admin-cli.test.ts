// `kopuro admin …` as a process against a real gateway's admin listener.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken } from '#gateway/admin/index.js'
import { adminKeyFile } from '#sandbox/prepare-federation.js'
import { rawRequest, xroadError } from '../support/http-raw.js'
import { runCli } from '../support/run-cli.js'
import {
  MARKETING_APP,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

let fed: TestFederation
let tokens: { admin: string; auditor: string }

beforeAll(async () => {
  fed = await startTestFederation()
  const key = JSON.parse(await readFile(adminKeyFile(fed.dir, PROVIDER), 'utf8'))
  const sign = (role: 'admin' | 'auditor') =>
    issueRoleToken(key, { memberId: PROVIDER, now: Date.now }, { subject: `cli-${role}`, role })
  tokens = { admin: await sign('admin'), auditor: await sign('auditor') }
})
afterAll(() => fed?.close())

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await runCli([
    'admin',
    ...args,
    '--admin',
    fed.provider.adminUrl,
  ])
  return { code, out: stdout + stderr }
}

describe('kopuro admin', () => {
  it('grants an endpoint, and the grant takes effect', async () => {
    const granted = await cli(
      'grant',
      '--subject',
      MARKETING_APP,
      '--service',
      PERSONS,
      '--endpoint',
      'GET /*',
      '--token',
      tokens.admin,
    )
    expect(granted.code).toBe(0)
    const res = await rawRequest(fed.bank.consumerUrl, `/r1/${PERSONS}/22905199138381`, {
      headers: {
        authorization: `Bearer ${await fed.token(MARKETING_APP)}`,
        'x-road-client': MARKETING_APP,
      },
    })
    expect(res.status).toBe(200)
  })

  it('exports records as CSV with an auditor token, and refuses an auditor token for changes', async () => {
    const csv = await cli('records', '--query', 'format=csv', '--token', tokens.auditor)
    expect(csv.code).toBe(0)
    expect(csv.out.split('\n')[0]).toBe(
      'seq,time,side,xRoadId,client,service,method,path,userId,issue,status,error,dataSubject,requestId\r',
    )
    const refused = await cli(
      'disable',
      '--service',
      PERSONS,
      '--notice',
      'x',
      '--token',
      tokens.auditor,
    )
    expect(refused.code).toBe(1)
    expect(refused.out).toMatch(/^admin disable: refused: 403 client\.forbidden/)
  })

  it('sends a change to every node of a member with --member, and names each answer', async () => {
    const second = await fed.startVariant(`${PROVIDER}/gw1`, (c) => c)
    try {
      const sandbox = join(fed.dir, 'member-sandbox.json')
      const nodes = [
        { node: `${PROVIDER}/gw1`, adminUrl: fed.provider.adminUrl },
        { node: `${PROVIDER}/gw2`, adminUrl: second.adminUrl },
      ]
      await writeFile(
        sandbox,
        JSON.stringify({ gateways: nodes, roleTokens: { [PROVIDER]: tokens } }),
      )
      const notice = 'Moved to the new register'
      const change = (action: string, ...more: string[]) =>
        runCli([
          'admin',
          action,
          '--member',
          PROVIDER,
          '--service',
          PERSONS,
          ...more,
          '--sandbox',
          sandbox,
        ])
      const disabled = await change('disable', '--notice', notice)
      expect(disabled.code).toBe(0)
      expect(
        disabled.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(':')[0]),
      ).toEqual(nodes.map((n) => n.node))
      for (const { adminUrl } of nodes) {
        const res = await rawRequest(adminUrl, '/admin/services', {
          headers: { authorization: `Bearer ${tokens.auditor}` },
        })
        const { services } = JSON.parse(res.body) as { services: { id: string }[] }
        expect(services.find((x) => x.id === PERSONS)).toMatchObject({ disabled: true, notice })
      }
      expect((await change('enable')).code).toBe(0)
      const both = await runCli([
        'admin',
        'enable',
        '--member',
        PROVIDER,
        '--node',
        'x',
        '--service',
        PERSONS,
        '--sandbox',
        sandbox,
      ])
      expect(both.code).toBe(2)
    } finally {
      await second.close()
    }
  })

  it('exits 2 without a token, and for a contract file it cannot read', async () => {
    const tokenless = await cli('enable', '--service', PERSONS)
    expect(tokenless.code).toBe(2)
    expect(tokenless.out).toMatch(/--token/)
    const args = ['publish', '--service', `${PROVIDER}/population/new`, '--url', 'http://x']
    const missing = await cli(...args, '--contract', '/nonexistent.json', '--token', tokens.admin)
    expect(missing.code).toBe(2)
    expect(missing.out).toMatch(/cannot read the contract/)
  })

  it('exits 2 on a malformed grant, naming the flag, before any node is asked', async () => {
    const grant = (...more: string[]) =>
      cli(
        'grant',
        '--subject',
        MARKETING_APP,
        '--service',
        PERSONS,
        ...more,
        '--token',
        tokens.admin,
      )
    const glob = await grant('--endpoint', 'GET /*', '--endpoint', 'GET /*/**/address')
    expect([glob.code, glob.out.trim()]).toEqual([
      2,
      'admin grant: --endpoint "GET /*/**/address": path `**` may only be the last segment',
    ])
    const method = await grant('--endpoint', 'TRACE /*')
    expect([method.code, method.out.trim()]).toEqual([
      2,
      'admin grant: --endpoint "TRACE /*": method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, *',
    ])
    const subject = await cli(
      'grant',
      '--subject',
      'KG/COM/x',
      '--service',
      PERSONS,
      '--token',
      tokens.admin,
    )
    expect([subject.code, subject.out.trim()]).toEqual([
      2,
      'admin grant: --subject: must be a subsystem id INSTANCE/CLASS/MEMBER/SUBSYSTEM',
    ])
  })

  it('exits 2 when the gateway refuses the grant as invalid, with its message', async () => {
    const ghost = await cli(
      'grant',
      '--subject',
      `${PROVIDER}/ghost-app`,
      '--service',
      PERSONS,
      '--token',
      tokens.admin,
    )
    expect(ghost.code).toBe(2)
    expect(ghost.out).toMatch(
      /^admin grant: refused: 400 client\.invalid_grant — grant subject KG\/GOV\/70000001\/ghost-app: is not a subsystem in the federation directory \(correlation id /,
    )
    const path = await cli(
      'grant',
      '--subject',
      MARKETING_APP,
      '--service',
      PERSONS,
      '--endpoint',
      'GET /*/secrets',
      '--token',
      tokens.admin,
    )
    expect(path.code).toBe(2)
    expect(path.out).toContain(
      'client.invalid_grant — grant endpoints[0].path /*/secrets: is not below any path of the service contract',
    )
  })

  it('revokes a role token by its jti: it is refused at once, other tokens still work', async () => {
    const key = JSON.parse(await readFile(adminKeyFile(fed.dir, PROVIDER), 'utf8'))
    const leaked = await issueRoleToken(
      key,
      { memberId: PROVIDER, now: Date.now },
      { subject: 'leaked', role: 'auditor' },
    )
    const jti = decodeJwt(leaked).jti!
    const read = (token: string) =>
      rawRequest(fed.provider.adminUrl, '/admin/grants', {
        headers: { authorization: `Bearer ${token}` },
      })
    expect((await read(leaked)).status).toBe(200)
    const revoked = await cli('revoke-token', '--jti', jti, '--token', tokens.admin)
    expect(revoked.code).toBe(0)
    expect(revoked.out).toContain(jti)
    const refused = await read(leaked)
    expect([refused.status, xroadError(refused).code]).toEqual([401, 'client.token_revoked'])
    expect((await read(tokens.auditor)).status).toBe(200)
    const byAuditor = await cli('revoke-token', '--jti', jti, '--token', tokens.auditor)
    expect([byAuditor.code, byAuditor.out]).toEqual([
      1,
      expect.stringContaining('client.forbidden'),
    ])
    const bad = await cli('revoke-token', '--jti', 'not-a-uuid', '--token', tokens.admin)
    expect([bad.code, bad.out]).toEqual([1, expect.stringContaining('client.bad_request')])
  })
})
