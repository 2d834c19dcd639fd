// A mirror with injected sources: exact bytes, conditional fetches, refusals and the cache.
import { join } from 'node:path'
import { writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createAuthorityApp,
  createMirror,
  ensureAdminKey,
  type Mirror,
} from '#gateway/directory/authority/index.js'
import { verifyDirectory } from '#gateway/directory/index.js'
import { AGENCY, openAuthority, type TestAuthority } from './fixtures.js'

const SOURCE = 'http://authority.test/directory'
const OTHER = 'http://other.test/directory'

let t: TestAuthority
let calls: { url: string; ifNoneMatch: string | null; status: number }[]
/** Per-URL stand-ins; anything else is the authority's app. */
let overrides: Map<string, () => Response>

beforeEach(async () => {
  t = await openAuthority()
  calls = []
  overrides = new Map()
})
afterEach(() => t.authority.close())

async function mirrorOf(from = [SOURCE], extra = {}): Promise<Mirror> {
  const adminKey = await ensureAdminKey(join(t.dir, 'admin.jwk.json'))
  const app = createAuthorityApp({ authority: t.authority, adminKey, now: t.clock.now })
  const fetchVia: typeof fetch = async (input, init) => {
    const request = new Request(input, init)
    const override = overrides.get(request.url)
    const res = override ? override() : await app.fetch(request)
    calls.push({
      url: request.url,
      ifNoneMatch: request.headers.get('if-none-match'),
      status: res.status,
    })
    return res
  }
  return createMirror({ from, anchor: t.anchor, fetch: fetchVia, ...extra })
}

function jwsResponse(jws: string): Response {
  return new Response(jws, { headers: { 'content-type': 'application/jose' } })
}

describe('mirror', () => {
  it('serves 503 until it has a verified document, then the exact bytes with the same ETag', async () => {
    const mirror = await mirrorOf()
    const before = await mirror.app.request('/directory')
    expect(before.status).toBe(503)
    expect(((await before.json()) as { code: string }).code).toBe('directory_unavailable')
    expect(await mirror.poll()).toEqual({ outcome: 'updated', source: SOURCE, serial: 1 })
    const res = await mirror.app.request('/directory')
    expect(await res.text()).toBe(t.authority.current().jws)
    expect(res.headers.get('etag')).toBe(t.authority.current().etag)
    expect(res.headers.get('content-type')).toBe('application/jose')
    const cached = await mirror.app.request('/directory', {
      headers: { 'if-none-match': t.authority.current().etag },
    })
    expect(cached.status).toBe(304)
  })

  it('polls conditionally and picks up a new serial on the next poll', async () => {
    const mirror = await mirrorOf()
    await mirror.poll()
    expect(await mirror.poll()).toMatchObject({ outcome: 'unchanged', serial: 1 })
    expect(calls.at(-1)).toMatchObject({ ifNoneMatch: t.authority.current().etag, status: 304 })
    await t.authority.apply({ op: 'register-member', id: AGENCY, name: 'Agency' }, 'alice')
    expect(await mirror.poll()).toMatchObject({ outcome: 'updated', serial: 2 })
    expect(mirror.current()!.jws).toBe(t.authority.current().jws)
  })

  it('refuses a tampered document: nothing is served and the signature check names it', async () => {
    const jws = t.authority.current().jws
    const [header, payload, signature] = jws.split('.')
    const doc = JSON.parse(Buffer.from(payload!, 'base64url').toString())
    doc.federationCas = ['-----BEGIN CERTIFICATE-----\nforged\n-----END CERTIFICATE-----\n']
    const forged = `${header}.${Buffer.from(JSON.stringify(doc)).toString('base64url')}.${signature}`
    overrides.set(SOURCE, () => jwsResponse(forged))
    const mirror = await mirrorOf()
    expect(await mirror.poll()).toEqual({
      outcome: 'failed',
      failures: [{ source: SOURCE, reason: 'refused' }],
    })
    expect((await mirror.app.request('/directory')).status).toBe(503)
    await expect(verifyDirectory(forged, t.anchor)).rejects.toThrow()
  })

  it('never goes back to a lower serial, and falls over to the next source', async () => {
    const old = t.authority.current().jws
    await t.authority.publish()
    const mirror = await mirrorOf([OTHER, SOURCE])
    overrides.set(OTHER, () => new Response('down', { status: 502 }))
    expect(await mirror.poll()).toMatchObject({ outcome: 'updated', source: SOURCE, serial: 2 })
    overrides.set(OTHER, () => jwsResponse(old))
    overrides.set(SOURCE, () => jwsResponse(old))
    expect(await mirror.poll()).toEqual({
      outcome: 'failed',
      serial: 2,
      failures: [
        { source: OTHER, reason: 'lower_serial' },
        { source: SOURCE, reason: 'lower_serial' },
      ],
    })
    expect(await (await mirror.app.request('/directory')).text()).toBe(t.authority.current().jws)
  })

  it('refuses bodies over its limit and unreachable sources', async () => {
    overrides.set(SOURCE, () => jwsResponse('x'.repeat(2048)))
    const mirror = await mirrorOf([SOURCE, OTHER], { maxBytes: 1024 })
    overrides.set(OTHER, () => {
      throw new TypeError('fetch failed')
    })
    expect(await mirror.poll()).toEqual({
      outcome: 'failed',
      failures: [
        { source: SOURCE, reason: 'too_large' },
        { source: OTHER, reason: 'unreachable' },
      ],
    })
  })

  it('restarts from its cache file, and ignores a cache that does not verify', async () => {
    const cacheFile = join(t.dir, 'mirror.jws')
    const first = await mirrorOf([SOURCE], { cacheFile })
    await first.poll()
    const restarted = await mirrorOf([SOURCE], { cacheFile })
    expect(restarted.current()?.jws).toBe(t.authority.current().jws)
    await writeFile(cacheFile, 'garbage')
    expect((await mirrorOf([SOURCE], { cacheFile })).current()).toBeUndefined()
  })

  it('refuses bad options with a TypeError', async () => {
    await expect(createMirror({ from: [], anchor: t.anchor })).rejects.toThrow(TypeError)
    await expect(createMirror({ from: ['file:///etc/passwd'], anchor: t.anchor })).rejects.toThrow(
      TypeError,
    )
  })
})
