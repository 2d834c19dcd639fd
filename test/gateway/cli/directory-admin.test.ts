// `kopuro directory admin` against an authority address that answers with hostile bodies: the
// answer is read by bytes up to a bound and within one total deadline (docs/design.md §2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { directoryAdminCommand, MAX_ADMIN_ANSWER_BYTES } from '#gateway/cli/directory-admin.js'
import {
  startFloodingSource,
  startRedirectingSource,
  type DirectorySource,
  type FloodingSource,
} from '../../support/directory-sources.js'
import { startTricklingServer, type TricklingServer } from '../../support/trickling-server.js'

const MiB = 1024 * 1024

let flood: FloodingSource
let trickle: TricklingServer
let redirect: DirectorySource

beforeAll(async () => {
  flood = await startFloodingSource('127.0.0.2', 600 * MiB)
  trickle = await startTricklingServer({ periodMs: 500, host: '127.0.0.4' })
  redirect = await startRedirectingSource('127.0.0.3', 'http://127.0.0.1:1/admin/state')
})

afterAll(async () => {
  await Promise.all([flood, trickle, redirect].map((s) => s?.close()))
})

async function list(authority: string, timeoutMs = 30_000) {
  const lines = { log: [] as string[], error: [] as string[] }
  const out = { log: (s: string) => lines.log.push(s), error: (s: string) => lines.error.push(s) }
  const code = await directoryAdminCommand('list', {}, { authority, token: 'any', timeoutMs }, out)
  return { code, lines }
}

describe('directoryAdminCommand against a hostile authority address', () => {
  it('refuses an answer streaming 600 MiB after its limit and exits 1', async () => {
    const { code, lines } = await list(new URL(flood.url).origin)
    expect(code).toBe(1)
    expect(lines).toEqual({
      log: [],
      error: [`directory admin: the authority's answer exceeds ${MAX_ADMIN_ANSWER_BYTES} bytes`],
    })
    await flood.closed(1)
    expect(flood.sent()).toBeLessThan(MAX_ADMIN_ANSWER_BYTES + 32 * MiB)
  })

  it('cuts an answer trickling one byte per 500 ms at the total deadline and exits 3', async () => {
    const { code, lines } = await list(trickle.url, 2000)
    expect(code).toBe(3)
    expect(lines.error).toEqual([
      'directory admin: the authority could not be reached: no whole answer within 2000 ms',
    ])
    await trickle.closed(1)
  })

  it('does not follow a redirect and exits 3', async () => {
    const { code, lines } = await list(new URL(redirect.url).origin)
    expect(code).toBe(3)
    expect(lines.error).toEqual([
      'directory admin: the authority could not be reached: unexpected redirect',
    ])
  })
})
