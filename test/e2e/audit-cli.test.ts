// `kopuro audit verify` on a real gateway's log: intact passes; each kind of damage names the record.
import { execFile } from 'node:child_process'
import { cp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  KYC_APP,
  PERSONS,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const run = promisify(execFile)
const BIN = new URL('../../gateway/cli/bin.js', import.meta.url).pathname

let fed: TestFederation
let logDir: string

async function verify(dir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'audit', 'verify', dir])
    return { code: 0, out: stdout + stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, out: err.stdout + err.stderr }
  }
}

/** Copies the real log and rewrites its (single) segment's lines. */
async function damaged(
  name: string,
  change: (lines: string[]) => string[] | string,
): Promise<string> {
  const dir = join(fed.dir, `damaged-${name}`)
  await cp(logDir, dir, { recursive: true })
  const segment = (await readdir(dir)).find((f) => f.startsWith('segment-'))!
  const lines = (await readFile(join(dir, segment), 'utf8')).split('\n').slice(0, -1)
  const out = change(lines)
  await writeFile(join(dir, segment), typeof out === 'string' ? out : out.join('\n') + '\n')
  return dir
}

beforeAll(async () => {
  fed = await startTestFederation()
  const token = await fed.token(KYC_APP)
  const search = await fetch(`${fed.registryUrl}/persons?lastName=Asanov&limit=6`)
  const pins = ((await search.json()) as { items: { pin: string }[] }).items.map((p) => p.pin)
  for (const pin of pins) {
    const res = await fetch(`${fed.bank.consumerUrl}/r1/${PERSONS}/${pin}`, {
      headers: { authorization: `Bearer ${token}`, 'x-road-client': KYC_APP },
    })
    expect(res.status).toBe(200)
    await res.arrayBuffer()
  }
  await fed.bank.close()
  logDir = fed.bank.gateway.config.audit.dir
})
afterAll(() => fed?.close())

describe('kopuro audit verify', () => {
  it('passes on an intact log written by a real gateway', async () => {
    const result = await verify(logDir)
    expect(result).toMatchObject({ code: 0 })
    expect(result.out).toMatch(/ok: 6 records verified/)
  })

  it('names the record when one byte is changed', async () => {
    const dir = await damaged('byte', (l) =>
      l.map((line, i) => (i === 2 ? line.replace('"status":200', '"status":201') : line)),
    )
    const result = await verify(dir)
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/seq 3\b/)
  })

  it('names the gap when a record is deleted', async () => {
    const dir = await damaged('deleted', (l) => l.filter((_, i) => i !== 3))
    const result = await verify(dir)
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/sequence_gap/)
    expect(result.out).toMatch(/seq 5\b/)
  })

  it('names the place when two records are swapped', async () => {
    const dir = await damaged('swapped', (l) => [l[0]!, l[2]!, l[1]!, ...l.slice(3)])
    const result = await verify(dir)
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/line 2 \(seq 3\)/)
  })

  it('detects a cut tail: a whole record removed', async () => {
    const dir = await damaged('cut', (l) => l.slice(0, -1))
    const result = await verify(dir)
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/truncated/)
  })

  it('detects a cut tail: a torn last line', async () => {
    const dir = await damaged('torn', (l) => l.join('\n').slice(0, -40))
    const result = await verify(dir)
    expect(result.code).toBe(1)
    expect(result.out).toMatch(/torn_tail/)
  })
})
