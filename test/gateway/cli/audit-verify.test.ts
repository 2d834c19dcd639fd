// `kopuro audit verify`: one line of output and exit codes 0 (intact), 1 (damaged), 2 (no log).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAuditLog } from '#gateway/audit/index.js'
import { auditVerifyCommand } from '#gateway/cli/audit-verify.js'
import { frozenClock, sampleRecord, tempDir } from '../../support/audit-fixtures.js'

function capture() {
  const lines = { log: [] as string[], error: [] as string[] }
  return {
    lines,
    out: { log: (s: string) => lines.log.push(s), error: (s: string) => lines.error.push(s) },
  }
}

async function threeRecordLog(): Promise<string> {
  const dir = await tempDir()
  const log = await createAuditLog({ dir, now: frozenClock })
  for (let n = 1; n <= 3; n++) await log.append(sampleRecord(n))
  await log.close()
  return dir
}

describe('auditVerifyCommand', () => {
  it('prints ok and exits 0 for an intact log', async () => {
    const { lines, out } = capture()
    expect(await auditVerifyCommand(await threeRecordLog(), out)).toBe(0)
    expect(lines).toEqual({ log: ['ok: 3 records verified'], error: [] })
  })

  it('names the first bad record and exits 1 for a damaged log', async () => {
    const dir = await threeRecordLog()
    const path = join(dir, 'segment-000001.jsonl')
    await writeFile(path, (await readFile(path, 'utf8')).replace('/persons/2', '/persons/9'))
    const { lines, out } = capture()
    expect(await auditVerifyCommand(dir, out)).toBe(1)
    expect(lines.log).toEqual([])
    expect(lines.error).toHaveLength(1)
    expect(lines.error[0]).toMatch(
      /^FAILED at segment-000001\.jsonl line 2 \(seq 2\): chain_broken — /,
    )
  })

  it('exits 2 when the directory does not exist', async () => {
    const { lines, out } = capture()
    expect(await auditVerifyCommand(join(await tempDir(), 'missing'), out)).toBe(2)
    expect(lines.error).toHaveLength(1)
  })
})
