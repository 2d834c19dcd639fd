// Where `kopuro admin …` and `kopuro audit query|export` send their requests, and with which token.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveAdminTarget } from '#gateway/cli/admin-target.js'
import { CliUsageError } from '#gateway/cli/cli-errors.js'

const NODE = 'KG/COM/10000001/gw1'
let sandbox: string

beforeAll(async () => {
  sandbox = join(await mkdtemp(join(tmpdir(), 'kopuro-target-')), 'sandbox.json')
  await writeFile(
    sandbox,
    JSON.stringify({
      gateways: [{ node: NODE, adminUrl: 'http://127.0.0.1:9001' }],
      roleTokens: { 'KG/COM/10000001': { admin: 'admin-jwt', auditor: 'auditor-jwt' } },
    }),
  )
})

describe('resolveAdminTarget', () => {
  it('takes --admin and --token as given, without reading the sandbox file', async () => {
    const options = { admin: 'http://h:1/', token: 't', sandbox: '/nonexistent.json' }
    expect(await resolveAdminTarget(options, 'auditor', {})).toEqual({
      url: 'http://h:1',
      token: 't',
    })
  })

  it('takes the token from KOPURO_TOKEN when --token is absent', async () => {
    const options = { admin: 'http://h:1', sandbox: '/nonexistent.json' }
    const env = { KOPURO_TOKEN: 'from-env' }
    expect(await resolveAdminTarget(options, 'admin', env)).toMatchObject({ token: 'from-env' })
  })

  it("looks up the node's admin URL and the member's role token in the sandbox file", async () => {
    expect(await resolveAdminTarget({ node: NODE, sandbox }, 'auditor', {})).toEqual({
      url: 'http://127.0.0.1:9001',
      token: 'auditor-jwt',
    })
    expect(await resolveAdminTarget({ node: NODE, sandbox }, 'admin', {})).toMatchObject({
      token: 'admin-jwt',
    })
    const explicit = { node: NODE, sandbox, token: 'mine' }
    expect(await resolveAdminTarget(explicit, 'admin', {})).toMatchObject({ token: 'mine' })
  })

  it.each([
    [{ sandbox: '/nonexistent.json' }, /--node/],
    [{ node: NODE, sandbox: '/nonexistent.json' }, /cannot read \/nonexistent.json/],
    [{ node: 'KG/COM/99999999/gw1', sandbox: '' }, /no gateway node KG\/COM\/99999999\/gw1/],
    [{ admin: 'ftp://h', token: 't', sandbox: '' }, /must be an http\(s\) URL/],
    [{ admin: 'not a url', token: 't', sandbox: '' }, /is not a URL/],
  ])('refuses %o as a usage error', async (options, message) => {
    const resolved = { ...options, sandbox: options.sandbox || sandbox }
    const error = await resolveAdminTarget(resolved, 'auditor', {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliUsageError)
    expect((error as Error).message).toMatch(message)
  })
})
