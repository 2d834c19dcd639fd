// A consumer gateway whose anchor lists a flooding, a redirecting and a trickling mirror before an
// honest one: it starts, carries traffic, logs each refusal by source and reason only, and keeps
// its last good copy when the honest source fails too (docs/design.md §3).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DirectoryAnchor } from '#gateway/directory/index.js'
import type { RunningGateway } from '#gateway/server.js'
import {
  startDocumentSource,
  startFloodingSource,
  startRedirectingSource,
  type DirectorySource,
  type DocumentSource,
  type FloodingSource,
} from '../support/directory-sources.js'
import { rawRequest } from '../support/http-raw.js'
import {
  BANK,
  KYC_APP,
  PERSONS,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'
import { startTricklingServer, type TricklingServer } from '../support/trickling-server.js'

const PIN = '22905199138381'

let fed: TestFederation
let good: DocumentSource
let flood: FloodingSource
let redirect: DirectorySource
let target: DocumentSource
let trickle: TricklingServer
let gateway: RunningGateway
let sources: string[]
let jws: string
const lines: string[] = []

beforeAll(async () => {
  fed = await startTestFederation()
  jws = (await readFile(fed.prepared.directoryFile, 'utf8')).trim()
  good = await startDocumentSource('127.0.0.1', jws)
  flood = await startFloodingSource('127.0.0.2', 600 * 1024 * 1024)
  target = await startDocumentSource('127.0.0.6', jws)
  redirect = await startRedirectingSource('127.0.0.3', target.url)
  trickle = await startTricklingServer({ periodMs: 500, host: '127.0.0.4' })
  sources = [flood.url, redirect.url, `${trickle.url}/directory`, good.url]
  const anchor = JSON.parse(await readFile(fed.prepared.anchorFile, 'utf8')) as DirectoryAnchor
  const anchorFile = join(fed.dir, 'hostile-anchor.json')
  await writeFile(anchorFile, JSON.stringify({ ...anchor, sources }))
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })
  gateway = await fed.startVariant(
    `${BANK}/gw1`,
    (c) => ({ ...c, directory: { ...c.directory, anchorFile } }),
    { logger: pino({ level: 'warn' }, sink) },
  )
})

afterAll(async () => {
  await fed?.close()
  await Promise.all([good, flood, redirect, target, trickle].map((s) => s?.close()))
})

async function call() {
  const token = await fed.token(KYC_APP)
  return rawRequest(gateway.consumerUrl, `/r1/${PERSONS}/${PIN}`, {
    headers: { authorization: `Bearer ${token}`, 'x-road-client': KYC_APP },
  })
}

function refusalsLogged(): { source: string; reason: string }[] {
  return lines
    .map((l) => JSON.parse(l) as { msg: string; source: string; reason: string })
    .filter((l) => l.msg === 'directory source refused')
    .map(({ source, reason }) => ({ source, reason }))
}

describe('a gateway behind hostile mirrors', () => {
  it('starts on the honest source’s document, serves traffic and logs each hostile source by reason only', async () => {
    expect((await call()).status).toBe(200)
    expect(refusalsLogged()).toEqual([
      { source: sources[0], reason: 'too_large' },
      { source: sources[1], reason: 'redirect' },
      { source: sources[2], reason: 'timeout' },
    ])
    expect(lines.join('')).not.toContain('AAAA')
    expect(lines.join('')).not.toContain(jws.split('.')[1]!.slice(0, 32))
    expect(target.requests()).toBe(0)
  })

  it('keeps serving on its last good copy when every source is hostile, and /ready names each refusal', async () => {
    const held = gateway.gateway.directory.held().serial
    good.fail(503)
    lines.splice(0)
    await gateway.gateway.directory.refresh()
    expect(gateway.gateway.directory.held().serial).toBe(held)
    expect((await call()).status).toBe(200)
    const expected = [
      { source: sources[0], reason: 'too_large' },
      { source: sources[1], reason: 'redirect' },
      { source: sources[2], reason: 'timeout' },
      { source: sources[3], reason: 'bad_status' },
    ]
    expect(refusalsLogged()).toEqual(expected)
    const ready = await fetch(`${gateway.adminUrl}/ready`)
    expect(ready.status).toBe(200)
    const body = (await ready.json()) as { directory: { sourceFailures: unknown } }
    expect(body.directory.sourceFailures).toEqual(expected)
    expect(target.requests()).toBe(0)
  })
})
