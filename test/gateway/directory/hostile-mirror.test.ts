// Hostile directory sources on real loopback listeners: a flood, a redirect, a trickle. Gateways
// and mirrors refuse each, take the next source's document, and keep their last good copy
// (docs/design.md §3: anyone may run a mirror).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigningKey, type SigningJwk } from '#certs/index.js'
import { createMirror } from '#gateway/directory/authority/index.js'
import {
  startDirectoryClient,
  MAX_DIRECTORY_BYTES,
  signDirectory,
  type DirectoryAnchor,
  type DirectoryClientOptions,
  type DirectoryDocument,
  type SourceRefusal,
} from '#gateway/directory/index.js'
import {
  startDocumentSource,
  startFloodingSource,
  startRedirectingSource,
  type DocumentSource,
  type FloodingSource,
  type DirectorySource,
} from '../../support/directory-sources.js'
import { startTricklingServer, type TricklingServer } from '../../support/trickling-server.js'

const MiB = 1024 * 1024
/** The total deadline per source; the trickle's gap between bytes is far below it. */
const DEADLINE_MS = 2000
/** Where a flood meets the production size limit: room to read 10 MiB on a busy machine. */
const GENEROUS_DEADLINE_MS = 30_000
/** A size limit for rounds that also meet the trickle, so the flood is refused well in time. */
const SMALL_LIMIT = 1 * MiB
const TRICKLE_PERIOD_MS = 500

let directoryKey: SigningJwk
let anchor: DirectoryAnchor
let good: DocumentSource
let flood: FloodingSource
let redirect: DirectorySource
let redirectTarget: DocumentSource
let trickle: TricklingServer
let trickleUrl: string

beforeAll(async () => {
  const { privateJwk, publicJwk } = await createSigningKey({ alg: 'EdDSA' })
  directoryKey = privateJwk
  anchor = { instance: 'KG', keys: [publicJwk], sources: [] }
  good = await startDocumentSource('127.0.0.1', await signed(7))
  flood = await startFloodingSource('127.0.0.2', 600 * MiB)
  redirectTarget = await startDocumentSource('127.0.0.6', await signed(99))
  redirect = await startRedirectingSource('127.0.0.3', redirectTarget.url)
  trickle = await startTricklingServer({ periodMs: TRICKLE_PERIOD_MS, host: '127.0.0.4' })
  trickleUrl = `${trickle.url}/directory`
})

afterAll(async () => {
  await Promise.all([good, flood, redirect, redirectTarget, trickle].map((s) => s?.close()))
})

function documentOf(serial: number): DirectoryDocument {
  return {
    instance: 'KG',
    serial,
    issuedAt: '2026-01-01T00:00:00Z',
    expiresAt: '2099-01-01T00:00:00Z',
    memberClasses: [{ code: 'GOV', description: 'Government' }],
    members: [],
    services: [],
    federationCas: [],
    globalGroups: [],
    revocations: { keys: [], certificates: [] },
  }
}

function signed(serial: number): Promise<string> {
  return signDirectory(documentOf(serial), directoryKey)
}

/** A directory client over `sources`, recording every refusal it logs. */
async function clientOver(sources: string[], extra: Partial<DirectoryClientOptions> = {}) {
  const refusals: SourceRefusal[] = []
  const client = await startDirectoryClient({
    anchor: { ...anchor, sources },
    timeoutMs: DEADLINE_MS,
    startupTimeoutMs: 0,
    onSourceRefused: (refusal) => refusals.push(refusal),
    ...extra,
  })
  return { client, refusals }
}

describe('directory client against hostile mirrors', () => {
  it('refuses a mirror streaming 600 MiB chunked after about the limit, with bounded memory, and takes the next source', async () => {
    // A first fetch loads undici and jose, so the growth measured below is the flood's alone.
    ;(await clientOver([good.url])).client.close()
    const before = process.memoryUsage().rss
    const { client, refusals } = await clientOver([flood.url, good.url], {
      timeoutMs: GENEROUS_DEADLINE_MS,
    })
    const grown = process.memoryUsage().rss - before
    expect(client.held().serial).toBe(7)
    expect(refusals).toEqual([{ source: flood.url, reason: 'too_large' }])
    await flood.closed(1)
    expect(flood.sent()).toBeGreaterThan(MAX_DIRECTORY_BYTES)
    expect(flood.sent()).toBeLessThan(64 * MiB)
    expect(grown).toBeLessThan(64 * MiB)
    client.close()
  })

  it('refuses a mirror answering 302, never follows it, and takes the next source', async () => {
    const { client, refusals } = await clientOver([redirect.url, good.url])
    expect(client.held().serial).toBe(7)
    expect(refusals).toEqual([{ source: redirect.url, reason: 'redirect' }])
    expect(redirect.requests()).toBeGreaterThan(0)
    expect(redirectTarget.requests()).toBe(0)
    client.close()
  })

  it('cuts a mirror trickling one byte per 500 ms at the total deadline and takes the next source', async () => {
    const { client, refusals } = await clientOver([trickleUrl, good.url])
    expect(client.held().serial).toBe(7)
    expect(refusals).toEqual([{ source: trickleUrl, reason: 'timeout' }])
    await trickle.closed(trickle.requests())
    client.close()
  })

  it('keeps its last good copy and reports every source’s refusal when all sources are hostile', async () => {
    const sources = [flood.url, redirect.url, trickleUrl, good.url]
    const { client, refusals } = await clientOver(sources, { maxBytes: SMALL_LIMIT })
    expect(client.held().serial).toBe(7)
    try {
      good.fail(503)
      refusals.length = 0
      expect((await client.refresh()).serial).toBe(7)
      expect(client.current('consumer').serial).toBe(7)
      const expected: SourceRefusal[] = [
        { source: flood.url, reason: 'too_large' },
        { source: redirect.url, reason: 'redirect' },
        { source: trickleUrl, reason: 'timeout' },
        { source: good.url, reason: 'bad_status' },
      ]
      expect(refusals).toEqual(expected)
      const status = client.status()
      expect(status.sourceFailures).toEqual(expected)
      expect(status.lastError).toBe(
        sources.map((s, i) => `${s}: ${expected[i]!.reason}`).join('; '),
      )
      expect(redirectTarget.requests()).toBe(0)
    } finally {
      good.serve(await signed(7))
      client.close()
    }
  })

  it('names a source whose document does not verify, and never takes a lower serial', async () => {
    const { client, refusals } = await clientOver([good.url])
    try {
      const [h, p] = (await signed(8)).split('.')
      const [, , s] = (await signed(9)).split('.')
      good.serve(`${h}.${p}.${s}`)
      expect((await client.refresh()).serial).toBe(7)
      expect(client.status().lastError).toBe(`${good.url}: refused: bad signature`)
      good.serve(await signed(6))
      expect((await client.refresh()).serial).toBe(7)
      expect(refusals).toEqual([
        { source: good.url, reason: 'refused' },
        { source: good.url, reason: 'lower_serial' },
      ])
      expect(client.status().lastError).toBe(
        `${good.url}: lower_serial: serial lower than the copy held`,
      )
    } finally {
      good.serve(await signed(7))
      client.close()
    }
  })
})

describe('directory mirror against hostile upstreams', () => {
  it('refuses a flood, a redirect and a trickle, serves the next source, and keeps it when every upstream fails', async () => {
    const from = [flood.url, redirect.url, trickleUrl, good.url]
    const mirror = await createMirror({
      from,
      anchor,
      timeoutMs: DEADLINE_MS,
      maxBytes: SMALL_LIMIT,
    })
    try {
      expect(await mirror.poll()).toEqual({ outcome: 'updated', source: good.url, serial: 7 })
      good.fail(500)
      expect(await mirror.poll()).toEqual({
        outcome: 'failed',
        serial: 7,
        failures: [
          { source: flood.url, reason: 'too_large' },
          { source: redirect.url, reason: 'redirect' },
          { source: trickleUrl, reason: 'timeout' },
          { source: good.url, reason: 'bad_status' },
        ],
      })
      const served = await mirror.app.request('/directory')
      expect(served.status).toBe(200)
      expect(await served.text()).toBe(await signed(7))
      expect(redirectTarget.requests()).toBe(0)
    } finally {
      good.serve(await signed(7))
    }
  })
})
