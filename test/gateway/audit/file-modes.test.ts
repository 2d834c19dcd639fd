// A message log holds personal data: every file it makes is 0600 in 0700 directories.
import { appendFile, chmod, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { applyRetention, createAuditLog } from '#gateway/audit/index.js'
import { sampleRecord, tempDir } from '../../support/audit-fixtures.js'
import { listModes, notPrivate, underOpenUmask } from '../../support/file-modes.js'
import { logKeyPair } from './tree-fixtures.js'

underOpenUmask()

const quiet = { warn: () => {} }

/** A signed log of three rotated segments, a retention run and a crash-torn tail recovered. */
async function fullLog(dir: string): Promise<void> {
  const { privateJwk } = await logKeyPair()
  const options = { dir, logKey: privateJwk, checkpointEvery: 5, segmentMaxBytes: 4096 }
  let log = await createAuditLog({ ...options, logger: quiet })
  for (let n = 1; n <= 30; n++) await log.append(sampleRecord(n))
  await vi.waitFor(() => expect(log.latestCheckpoint()?.size).toBe(30))
  await log.close()
  await applyRetention(dir, { keepSegments: 1 })
  const segments = (await listModes(dir)).filter((e) => /^segment-/.test(e.path))
  await appendFile(join(dir, segments.at(-1)!.path), '{"seq":31,"ti')
  log = await createAuditLog({ ...options, logger: quiet })
  await log.append(sampleRecord(31))
  await log.close()
}

describe('message log file modes', () => {
  it('creates segments, head, checkpoints, tree, retained and quarantine files owner-only', async () => {
    const dir = join(await tempDir(), 'audit', 'KG_GOV_70000001_gw1')
    await fullLog(dir)
    const entries = await listModes(dir)
    const names = entries.map((e) => e.path.replace(/\d+/g, 'N'))
    for (const name of [
      'segment-N.jsonl',
      'head.json',
      'checkpoints.jsonl',
      'retained.json',
      'tree',
      'tree/N.leaves',
      'quarantine-N-N-NTN-N-N-NZ.bin',
    ]) {
      expect(names).toContain(name)
    }
    expect(notPrivate(entries)).toEqual([])
    // mkdir -p made the parent it needed owner-only too.
    expect(notPrivate(await listModes(join(dir, '..')))).toEqual([])
  })

  it('narrows a log folder an older version left readable when the log opens', async () => {
    const dir = await tempDir()
    await fullLog(dir)
    for (const entry of await listModes(dir)) {
      await chmod(join(dir, entry.path), entry.kind === 'dir' ? 0o755 : 0o644)
    }
    await chmod(dir, 0o755)
    expect(notPrivate(await listModes(dir))).not.toEqual([])
    const log = await createAuditLog({ dir, logger: quiet })
    await log.close()
    expect(notPrivate(await listModes(dir))).toEqual([])
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
  })
})
