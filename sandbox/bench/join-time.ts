// How long joining takes in machine time: docs/join-a-federation.md run as written, timed per
// section. The figure is the members' wall time from `kopuro init` to the bank's first answer,
// without the operator's approval sections (a person's decision, not the machine's).
//
//   npm run bench:join                     # the checkout's kopuro, from source
//   npm run bench:join -- --bin <dir>      # a kopuro installed from the tarball
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readTutorial, runTutorial } from '../tutorial-runner.js'

const ROOT = resolve(import.meta.dirname, '../..')
/** The sections where the operator acts: left out of the members' figure. */
const OPERATOR = /^(1|3|5)\. The operator/
/** The members' path: from the agency's `init` to the bank's first call. */
const MEMBERS = /^(2|4|6|7|8)\. /

async function sourceBin(dir: string): Promise<string> {
  const bin = join(dir, 'bin')
  await mkdir(bin)
  const shim = join(bin, 'kopuro')
  await writeFile(
    shim,
    `#!/bin/sh\nexec node ${JSON.stringify(join(ROOT, 'bin/kopuro.js'))} "$@"\n`,
  )
  await chmod(shim, 0o755)
  return bin
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { bin: { type: 'string' } } })
  const work = await mkdtemp(join(tmpdir(), 'kopuro-join-time-'))
  try {
    const binDir = values.bin ? resolve(values.bin) : await sourceBin(work)
    const cwd = join(work, 'reader')
    await mkdir(cwd)
    const blocks = await readTutorial(join(ROOT, 'docs/join-a-federation.md'))
    const run = await runTutorial(blocks, { cwd, binDir })
    if (run.code !== 0) {
      console.error(run.output)
      throw new Error(`the walkthrough failed with exit code ${run.code}`)
    }
    const bySection = new Map<string, number>()
    for (const t of run.timings) bySection.set(t.section, (bySection.get(t.section) ?? 0) + t.ms)
    for (const [section, ms] of bySection)
      console.log(`${(ms / 1000).toFixed(1).padStart(6)} s  ${section}`)
    const sum = (pattern: RegExp) =>
      [...bySection].filter(([s]) => pattern.test(s)).reduce((a, [, ms]) => a + ms, 0)
    console.log(`\noperator's approvals: ${(sum(OPERATOR) / 1000).toFixed(1)} s (not counted)`)
    console.log(`init to first call, without the approvals: ${(sum(MEMBERS) / 1000).toFixed(1)} s`)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

await main()
