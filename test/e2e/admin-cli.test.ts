// `kopuro admin …` as a process against a real gateway's admin listener.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken } from '../../gateway/admin/index.js'
import { adminKeyFile } from '../../sandbox/prepare-federation.js'
import { rawRequest } from '../support/http-raw.js'
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
      'seq,time,side,xRoadId,client,service,method,path,userId,issue,status,error\r',
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

  it('exits 2 without a token, and for a contract file it cannot read', async () => {
    const tokenless = await cli('enable', '--service', PERSONS)
    expect(tokenless.code).toBe(2)
    expect(tokenless.out).toMatch(/--token/)
    const args = ['publish', '--service', `${PROVIDER}/population/new`, '--url', 'http://x']
    const missing = await cli(...args, '--contract', '/nonexistent.json', '--token', tokens.admin)
    expect(missing.code).toBe(2)
    expect(missing.out).toMatch(/cannot read the contract/)
  })
})
