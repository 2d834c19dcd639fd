// The published error tables must list exactly the codes the gateway and the directory authority
// can emit, with their statuses.
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { AUTHORITY_ERROR_CODES } from '#gateway/directory/authority/authority-error-codes.js'
import { ERROR_CODES } from '#gateway/lib/error-codes.js'

const AUTHORITY_HEADING = '## Directory authority error codes'

/** `[code, status]` of every table row in `text`. */
function rows(text: string): [string, number][] {
  return [...text.matchAll(/^\|\s*`([a-z_.]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [
    m[1]!,
    Number(m[2]),
  ])
}

function table(codes: Record<string, { status: number }>): [string, number][] {
  return Object.entries(codes).map(([code, spec]) => [code, spec.status])
}

describe('docs/errors.md', () => {
  it('lists every gateway error code with its HTTP status, and no others', async () => {
    const text = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8')
    const gateway = text.split(AUTHORITY_HEADING)[0]!
    expect(rows(gateway).sort()).toEqual(table(ERROR_CODES).sort())
  })

  it('lists every directory authority error code with its HTTP status, and no others', async () => {
    const text = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8')
    const [, authority] = text.split(AUTHORITY_HEADING)
    expect(authority).toBeDefined()
    expect(rows(authority!).sort()).toEqual(table(AUTHORITY_ERROR_CODES).sort())
  })
})
