// `kopuro admin …` as a process against a real gateway's admin listener.
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueRoleToken } from '../../gateway/admin/index.js'
import { adminKeyFile } from '../../sandbox/prepare-federation.js'
import { rawRequest } from '../support/http-raw.js'
import {
  MARKETING_APP,
  PERSONS,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const run = promisify(execFile)
const BIN = new URL('../../gateway/cli/bin.js', import.meta.url).pathname
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
  try {
    const { stdout, stderr } = await run(process.execPath, [
      BIN,
      'admin',
      ...args,
      '--admin-url',
      fed.provider.adminUrl,
    ])
    return { code: 0, out: stdout + stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, out: err.stdout + err.stderr }
  }
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
    expect(refused.out).toContain('client.forbidden')
  })
})
