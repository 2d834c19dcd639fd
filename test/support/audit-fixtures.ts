// Message-log test helpers: sample records, a frozen clock, throwaway log directories.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import type { AuditRecordInput } from '#gateway/audit/index.js'

export const FROZEN_TIME = '2026-03-01T12:00:00.000Z'

export const frozenClock = (): Date => new Date(FROZEN_TIME)

/** A plausible consumer-side record; `n` makes each one distinct. */
export function sampleRecord(n: number): AuditRecordInput {
  return {
    side: 'consumer',
    node: 'KG/GOV/70000001/gw1',
    xRoadId: `kg-${String(n).padStart(8, '0')}`,
    requestId: `req-${n}`,
    client: 'KG/GOV/70000001/tax-portal',
    service: 'KG/GOV/70000002/population/persons',
    method: 'GET',
    path: `/persons/${n}`,
    userId: 'KG12345678901',
    status: 200,
    timings: {
      receivedAt: FROZEN_TIME,
      respondedAt: FROZEN_TIME,
      durationMs: 12,
      backendMs: 7,
    },
    sizes: { request: 0, response: 321 },
    digests: { response: 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:' },
    signatures: {
      request: { input: '("@method");created=1', signature: ':c2ln:', keyid: 'tax-portal-1' },
    },
  }
}

/** A fresh directory under the OS temp dir, removed when the current test finishes. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kopuro-audit-'))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Rewrites a segment's lines (each without its newline) through `edit`. */
export async function editLines(path: string, edit: (lines: string[]) => string[]): Promise<void> {
  const text = await readFile(path, 'utf8')
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n')
  await writeFile(
    path,
    edit(lines)
      .map((line) => `${line}\n`)
      .join(''),
  )
}
