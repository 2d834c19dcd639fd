// The README's five-minute tours, word by word, against the running sandbox: each shell block of
// "Five minutes per user group" must succeed (curl fails on any HTTP error here).
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'
import type { SandboxEnv, ViewCases } from './sandbox-env.js'

const ROOT = resolve(import.meta.dirname, '../../..')

/** The shell blocks of the tours section, in order, with the heading each belongs to. */
export function tourBlocks(readme: string): { heading: string; script: string }[] {
  const start = readme.indexOf('## Five minutes per user group')
  const end = readme.indexOf('\n## ', start + 1)
  const section = readme.slice(start, end === -1 ? undefined : end)
  const blocks: { heading: string; script: string }[] = []
  let heading = ''
  const lines = section.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('### ')) heading = line.slice(4)
    if (line === '```sh') {
      const body: string[] = []
      for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!)
      blocks.push({ heading, script: body.join('\n') })
    }
  }
  return blocks
}

/** The README speaks of the default sandbox; the test's runs on other ports and in a temp dir. */
function localise(script: string, env: SandboxEnv): string {
  const base = env.sandbox.portBase
  return script
    .replace(/127\.0\.0\.1:47(\d\d)/g, (_, n: string) => `127.0.0.1:${base + Number(n)}`)
    .replace(/\.kopuro\//g, `${env.dir}/`)
}

function runBash(script: string, env: SandboxEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', script], {
      cwd: ROOT,
      env: { ...process.env, KOPURO_SANDBOX: join(env.dir, 'sandbox.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('close', (code) => done({ code, out }))
  })
}

export const readmeCases: ViewCases = (env) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const blocks = tourBlocks(readme)

  it('has a tour for every user group', () => {
    const headings = new Set(blocks.map((b) => b.heading))
    for (const group of ['Developers', 'Agencies', 'Auditors', 'Citizens', 'Operators']) {
      expect([...headings].some((h) => h.startsWith(group))).toBe(true)
    }
  })

  // A reader runs a tour's blocks one after another in one shell: variables carry over.
  const tours = [...new Set(blocks.map((b) => b.heading))]
  tours.forEach((heading) => {
    it(`the tour "${heading}" runs as written`, { timeout: 240_000 }, async () => {
      const script = [
        'set -euo pipefail',
        'curl() { command curl --fail-with-body -sS "$@"; }',
        ...blocks.filter((b) => b.heading === heading).map((b) => localise(b.script, env())),
      ].join('\n')
      const { code, out } = await runBash(script, env())
      expect(code, out).toBe(0)
    })
  })
}
