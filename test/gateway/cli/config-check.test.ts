// `kopuro config check <file>`: 0 and a summary for a valid file, 2 and one line per problem else.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { configCheckCommand } from '#gateway/cli/config-check.js'
import { EXIT } from '#gateway/cli/exit-codes.js'
import { createProgram } from '#gateway/cli/program.js'
import { sandboxStyleConfig } from '../config/fixtures.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-config-check-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))
afterEach(() => {
  process.exitCode = undefined
})

async function write(name: string, content: unknown): Promise<string> {
  const file = join(dir, name)
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

/** Runs the command; stdout and stderr as lines. */
async function check(file: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const code = await configCheckCommand(file, {
    log: (s) => out.push(...s.split('\n')),
    error: (s) => err.push(...s.split('\n')),
  })
  return { code, out, err }
}

describe('kopuro config check', () => {
  it('exits 0 for a valid sandbox-style file and names its member and node', async () => {
    const file = await write('valid.json', sandboxStyleConfig())
    expect(await check(file)).toEqual({
      code: EXIT.OK,
      out: [`ok: ${file}`, 'member KG/GOV/70000001, node gw1: 1 service, 2 grants, 1 client'],
      err: [],
    })
  })

  it('exits 2 on a misspelt key, naming the key and where it is', async () => {
    const config = sandboxStyleConfig()
    const { consumerPort, ...listen } = config.listen
    const file = await write('misspelt.json', {
      ...config,
      listen: { ...listen, consumerPrt: consumerPort },
    })
    const { code, out, err } = await check(file)
    expect(code).toBe(EXIT.USAGE)
    expect(out).toEqual([])
    expect(err.sort()).toEqual([
      'config: /listen/consumerPort is required',
      'config: /listen: unknown key "consumerPrt"',
    ])
  })

  it('exits 2 on a port that is not a number, naming /listen/federationPort', async () => {
    const config = sandboxStyleConfig()
    const file = await write('port.json', {
      ...config,
      listen: { ...config.listen, federationPort: 'https' },
    })
    expect(await check(file)).toEqual({
      code: EXIT.USAGE,
      out: [],
      err: ['config: /listen/federationPort must be an integer'],
    })
  })

  it('exits 2 on a missing file, naming the file', async () => {
    const file = join(dir, 'no-such-gw.json')
    expect(await check(file)).toEqual({
      code: EXIT.USAGE,
      out: [],
      err: [`config: cannot read ${file} (ENOENT)`],
    })
  })

  it('exits 2 on a file that is not JSON, naming the file', async () => {
    const file = await write('not-json.json', 'nodeId = KG/GOV/70000001/gw1')
    expect(await check(file)).toEqual({
      code: EXIT.USAGE,
      out: [],
      err: [`config: ${file} is not valid JSON`],
    })
  })

  it('is reached through the command tree, with the same exit code', async () => {
    const err: string[] = []
    const program = createProgram({ log: () => {}, error: (s) => err.push(s) })
    const file = await write('tree.json', { ...sandboxStyleConfig(), nodeId: 'KG/GOV/70000001' })
    await program.parseAsync(['node', 'kopuro', 'config', 'check', file])
    expect(process.exitCode).toBe(EXIT.USAGE)
    expect(err).toEqual(['config: /nodeId must be a node id INSTANCE/CLASS/MEMBER/NODE'])
  })
})
