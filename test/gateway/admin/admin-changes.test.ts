import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAdminChanges, type AdminChange } from '#gateway/admin/index.js'

const GRANT: AdminChange = {
  kind: 'grant',
  at: '2026-11-24T00:00:00.000Z',
  grant: { subject: 'KG/NGO/20000001/watch-app', service: 'KG/GOV/70000001/population/persons' },
}
const NOTICE: AdminChange = {
  kind: 'disable',
  at: '2026-11-24T00:00:01.000Z',
  service: 'KG/GOV/70000001/population/persons',
  notice: 'Maintenance',
}

async function fileIn(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'kopuro-admin-changes-')), 'log', 'admin-changes.jsonl')
}

describe('admin changes', () => {
  it('gives back what was appended, in order, after a reopen', async () => {
    const file = await fileIn()
    const first = await openAdminChanges(file)
    expect(first.past).toEqual([])
    await first.append(GRANT)
    await first.append(NOTICE)
    await first.close()
    expect((await openAdminChanges(file)).past).toEqual([GRANT, NOTICE])
  })

  it('cuts a torn last line (never acknowledged) and appends cleanly after it', async () => {
    const file = await fileIn()
    const changes = await openAdminChanges(file)
    await changes.append(GRANT)
    await changes.close()
    await appendFile(file, '{"kind":"disable","at":"2026')
    const reopened = await openAdminChanges(file)
    expect(reopened.past).toEqual([GRANT])
    await reopened.append(NOTICE)
    await reopened.close()
    expect((await openAdminChanges(file)).past).toEqual([GRANT, NOTICE])
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(3)
  })

  it('refuses to start from a damaged complete line', async () => {
    const file = await fileIn()
    await (await openAdminChanges(file)).close()
    await writeFile(file, `${JSON.stringify(GRANT)}\nnot json\n`)
    const refused = openAdminChanges(file)
    await expect(refused).rejects.toThrow(/line 2 is not an admin change/)
    await expect(refused).rejects.toMatchObject({
      name: 'AdminChangesError',
      code: 'malformed_change',
    })
  })

  it('refuses a complete line of a kind it does not know, naming the file and line', async () => {
    const file = await fileIn()
    await (await openAdminChanges(file)).close()
    await writeFile(file, `${JSON.stringify({ ...GRANT, kind: 'sell' })}\n`)
    await expect(openAdminChanges(file)).rejects.toMatchObject({
      code: 'malformed_change',
      message: `${file}: line 1 is not an admin change: unknown kind sell`,
    })
  })
})
