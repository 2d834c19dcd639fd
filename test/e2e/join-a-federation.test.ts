// docs/join-a-federation.md, word by word: an operator, an agency and a new bank as separate
// processes on their own loopback addresses, each with its own folder and keys. The bank's first
// call returns the agency registry's answer signed by the agency's gateway, both logs verify, and
// no private key has crossed from one party's folder to another's.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTutorial, runTutorial, type TutorialRun } from '#sandbox/tutorial-runner.js'
import { checkKeyCustody } from '../support/key-custody.js'

const ROOT = resolve(import.meta.dirname, '../..')

let work: string
let binDir: string
let run: TutorialRun

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kopuro-join-'))
  binDir = join(work, 'bin')
  await mkdir(binDir)
  // The reader's `kopuro`: this checkout's command, run from its sources.
  const shim = join(binDir, 'kopuro')
  await writeFile(
    shim,
    `#!/bin/sh\nexec node ${JSON.stringify(join(ROOT, 'bin/kopuro.js'))} "$@"\n`,
  )
  await chmod(shim, 0o755)
  const blocks = await readTutorial(join(ROOT, 'docs/join-a-federation.md'))
  const cwd = join(work, 'reader')
  await mkdir(cwd)
  run = await runTutorial(blocks, { cwd, binDir, timeoutMs: 540_000 })
}, 600_000)

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true })
})

describe('join a federation, as docs/join-a-federation.md tells it', () => {
  it('runs every block as written', () => {
    expect(run.code, run.output).toBe(0)
    expect(run.timings.map((t) => t.section)).toContain('10. Stop')
  })

  it("returns the agency registry's answer to the bank's first call, signed by the agency's gateway", async () => {
    expect(run.output).toContain('"area_m2":1200')
    const headers = await readFile(join(work, 'reader', 'answer-headers.txt'), 'utf8')
    expect(headers).toMatch(/^HTTP\/1\.1 200/)
    expect(headers).toMatch(/^signature: /im)
    expect(headers).toMatch(/^x-road-request-hash: /im)
  })

  it('keeps every private key with the party that made it', async () => {
    const reader = join(work, 'reader')
    const findings = await checkKeyCustody({
      operator: join(reader, 'federation'),
      members: [join(reader, 'agency'), join(reader, 'bank')],
      outside: [join(reader, 'kyc-app.private.jwk.json')],
    })
    expect(
      findings.operatorKeysFound,
      'an operator key (CA, directory, admin) was found on a member’s side',
    ).toEqual([])
    expect(findings.memberKeysFound, 'a member key was found in the operator folder').toEqual([])
    expect(findings.memberPrivateKeys).toBeGreaterThanOrEqual(12)
  })
})
