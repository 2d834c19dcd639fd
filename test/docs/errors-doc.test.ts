// The published error table must list exactly the codes the gateway can emit, with their statuses.
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../gateway/lib/error-codes.js'

describe('docs/errors.md', () => {
  it('lists every error code with its HTTP status, and no others', async () => {
    const text = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8')
    const rows = [...text.matchAll(/^\|\s*`([a-z_.]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ])
    const table = Object.entries(ERROR_CODES).map(([code, spec]) => [code, spec.status])
    expect(rows.sort()).toEqual(table.sort())
  })
})
