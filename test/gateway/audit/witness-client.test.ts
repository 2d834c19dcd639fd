// Pushing heads to the authority's witness: the directory's log keys, consistency, refusals, restarts.
import { describe, expect, it, vi } from 'vitest'
import { startWitnessPush, WitnessPushError, type AuditLog } from '#gateway/audit/index.js'
import {
  openWitnessStore,
  witnessFileFor,
} from '#gateway/directory/authority/witness/witness-store.js'
import { serveApp } from '#services/shared/index.js'
import { sampleRecord } from '../../support/audit-fixtures.js'
import { chunkedRequest } from '../../support/http-raw.js'
import {
  GW1,
  GW2,
  WITNESS_URL,
  appendSigned,
  openWitness,
  signedLog,
  type TestWitness,
} from './witness-fixtures.js'

function pusher(witness: TestWitness, log: AuditLog, nodeId = GW1) {
  const push = startWitnessPush({
    log,
    url: WITNESS_URL,
    nodeId,
    intervalMs: 3_600_000,
    fetch: witness.fetch,
  })
  return push
}

async function held(witness: TestWitness, node = GW1) {
  const res = await witness.app.request(witness.url(node))
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

async function post(witness: TestWitness, body: unknown, node = GW1) {
  const res = await witness.app.request(witness.url(node), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('startWitnessPush', () => {
  it('takes a first head under the published key, then later heads with a consistency proof', async () => {
    const witness = await openWitness()
    const { log } = await signedLog(GW1, witness.logKeys[GW1])
    const push = pusher(witness, log)
    expect(await push.pushNow()).toEqual({ status: 'none' })
    expect((await held(witness)).status).toBe(404)

    await appendSigned(log, 1, 10)
    expect(await push.pushNow()).toEqual({ status: 'pushed', size: 10 })
    const first = await held(witness)
    expect(first).toMatchObject({
      status: 200,
      body: { node: GW1, size: 10, head: log.latestCheckpoint()!.jws },
    })
    expect(await push.pushNow()).toEqual({ status: 'current', size: 10 })

    await appendSigned(log, 11, 25)
    expect(await push.pushNow()).toEqual({ status: 'pushed', size: 25 })
    expect((await held(witness)).body).toMatchObject({
      size: 25,
      root: log.latestCheckpoint()!.root,
    })
    await push.stop()
  })

  it('pushes on its timer, and keeps what it pushed across a witness restart', async () => {
    const witness = await openWitness()
    const { log } = await signedLog(GW1, witness.logKeys[GW1])
    await appendSigned(log, 1, 5)
    const push = startWitnessPush({
      log,
      url: `${WITNESS_URL}/`,
      nodeId: GW1,
      intervalMs: 10,
      fetch: witness.fetch,
    })
    await vi.waitFor(() => expect(witness.store.get(GW1)?.size).toBe(5))
    await push.stop()
    const reopened = await openWitnessStore(witnessFileFor(witness.stateFile))
    expect(reopened.get(GW1)).toMatchObject({ size: 5, logId: log.latestCheckpoint()!.logId })
  })

  it('refuses a head signed with another key than the one the directory publishes', async () => {
    const witness = await openWitness()
    const { log } = await signedLog(GW1, witness.logKeys[GW1])
    await appendSigned(log, 1, 5)
    await pusher(witness, log).pushNow()
    const impostor = await signedLog(GW1)
    await appendSigned(impostor.log, 1, 10)
    await expect(pusher(witness, impostor.log).pushNow()).rejects.toMatchObject({
      name: 'WitnessPushError',
      status: 403,
      code: 'wrong_log_key',
    })
    expect((await held(witness)).body).toMatchObject({ size: 5 })
  })

  it('refuses a fork: the same key and node, a different history', async () => {
    const witness = await openWitness()
    const { log, logKey } = await signedLog(GW1, witness.logKeys[GW1])
    await appendSigned(log, 1, 10)
    await pusher(witness, log).pushNow()
    const fork = await signedLog(GW1, logKey)
    await appendSigned(fork.log, 1, 4)
    await fork.log.append({ ...sampleRecord(5), path: '/rewritten' })
    await appendSigned(fork.log, 6, 15)
    await expect(pusher(witness, fork.log).pushNow()).rejects.toMatchObject({
      status: 400,
      code: 'invalid_request',
    })
    expect((await held(witness)).body).toMatchObject({
      size: 10,
      root: log.latestCheckpoint()!.root,
    })
  })

  it('learns the held head again when its own idea of it is stale', async () => {
    const witness = await openWitness()
    const { log } = await signedLog(GW1, witness.logKeys[GW1])
    await appendSigned(log, 1, 5)
    const push = pusher(witness, log)
    await push.pushNow()
    await appendSigned(log, 6, 10)
    const other = pusher(witness, log) // e.g. the gateway restarted and pushed size 10
    expect(await other.pushNow()).toMatchObject({ status: 'pushed', size: 10 })
    await appendSigned(log, 11, 20)
    expect(await push.pushNow()).toEqual({ status: 'pushed', size: 20 })
  })
  it('reads no more of a witness answer than 64 KiB: an endless head or refusal is no head', async () => {
    const { log } = await signedLog(GW1, (await openWitness()).logKeys[GW1])
    await appendSigned(log, 1, 3)
    let pulled = 0
    const endless = (status: number) =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += 16 * 1024
            controller.enqueue(new Uint8Array(16 * 1024).fill(0x20))
          },
        }),
        { status, headers: { 'content-type': 'application/json' } },
      )
    for (const status of [200, 403]) {
      pulled = 0
      const push = startWitnessPush({
        log,
        url: WITNESS_URL,
        nodeId: GW1,
        intervalMs: 3_600_000,
        fetch: () => Promise.resolve(endless(status)),
      })
      const refused = await push.pushNow().catch((e: unknown) => e)
      await push.stop()
      expect(refused).toBeInstanceOf(WitnessPushError)
      expect((refused as WitnessPushError).status).toBe(status)
      expect(pulled).toBeLessThanOrEqual(64 * 1024 + 2 * 16 * 1024)
    }
  })
})

describe('the witness endpoint', () => {
  it('refuses a rollback, a larger head without a valid proof, and another node’s head', async () => {
    const witness = await openWitness()
    const { log } = await signedLog(GW1, witness.logKeys[GW1])
    await appendSigned(log, 1, 5)
    const five = log.latestCheckpoint()!
    await appendSigned(log, 6, 10)
    const ten = log.latestCheckpoint()!
    expect(await post(witness, { head: ten.jws })).toMatchObject({
      status: 200,
      body: { size: 10 },
    })

    const rollback = await post(witness, { head: five.jws })
    expect(rollback).toMatchObject({ status: 400, body: { code: 'invalid_request' } })
    expect(rollback.body['detail']).toMatch(/rollback/)
    await appendSigned(log, 11, 15)
    const fifteen = log.latestCheckpoint()!
    const previous = { size: 10, root: ten.root }
    expect((await post(witness, { head: fifteen.jws })).status).toBe(400)
    const { proof } = await log.proveConsistency(10, 15)
    const wrong = [...proof.slice(1), proof[0]!]
    expect((await post(witness, { head: fifteen.jws, previous, consistency: wrong })).status).toBe(
      400,
    )
    const stale = { size: 5, root: five.root }
    expect(
      (await post(witness, { head: fifteen.jws, previous: stale, consistency: proof })).status,
    ).toBe(400)
    expect(await post(witness, { head: fifteen.jws, previous, consistency: proof })).toMatchObject({
      status: 200,
      body: { size: 15 },
    })
    expect(await post(witness, { head: fifteen.jws }, GW2)).toMatchObject({
      status: 403,
      body: { code: 'wrong_log_key' },
    })
    // Even under GW2's own key, a head that names GW1 is not GW2's.
    const misnamed = await signedLog(GW1, witness.logKeys[GW2])
    await appendSigned(misnamed.log, 1, 5)
    const elsewhere = await post(witness, { head: misnamed.log.latestCheckpoint()!.jws }, GW2)
    expect(elsewhere).toMatchObject({
      status: 400,
      body: { detail: 'the head names another node' },
    })
  })

  it('sets aside a head pinned on first use under a key the directory does not publish', async () => {
    const witness = await openWitness()
    const squatter = await signedLog(GW1)
    await appendSigned(squatter.log, 1, 20)
    const { logId, size, root, time, jws } = squatter.log.latestCheckpoint()!
    const key = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString()).jwk
    // What witness.json held when the first head decided a node's key.
    const legacy = { node: GW1, key, logId, head: jws, size, root, time, receivedAt: time }
    await witness.store.update(GW1, async () => legacy)
    const { log } = await signedLog(GW1, witness.logKeys[GW1])
    await appendSigned(log, 1, 5)
    expect(await post(witness, { head: log.latestCheckpoint()!.jws })).toMatchObject({
      status: 200,
      body: { size: 5 },
    })
    expect(witness.store.get(GW1)).toMatchObject({ size: 5, registered: true })
  })

  it('witnesses only approved nodes with valid ids, and answers problem+json', async () => {
    const witness = await openWitness()
    const { log } = await signedLog('KG/GOV/70000001/gw9', witness.logKeys[GW1])
    await appendSigned(log, 1, 5)
    const head = log.latestCheckpoint()!.jws
    expect(await post(witness, { head }, 'KG/GOV/70000001/gw9')).toMatchObject({
      status: 404,
      body: { code: 'unknown_item' },
    })
    expect(await post(witness, { head }, 'KG/GOV/not valid!/gw9')).toMatchObject({
      status: 400,
      body: { code: 'invalid_identifier' },
    })
    expect(await post(witness, { head: 'not-a-jws' })).toMatchObject({
      status: 400,
      body: { code: 'invalid_request' },
    })
    const res = await witness.app.request(witness.url(GW1), { method: 'POST', body: '{}' })
    expect(res.status).toBe(415)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const big = await post(witness, { head: 'x'.repeat(20_000) })
    expect(big).toMatchObject({ status: 413, body: { code: 'request_too_large' } })
  })

  it('refuses a chunked head over 16 KiB with 413 request_too_large, on a real socket', async () => {
    const witness = await openWitness()
    const server = await serveApp(witness.app as never, { port: 0 })
    try {
      const res = await chunkedRequest({
        url: server.url,
        path: new URL(witness.url(GW1)).pathname,
        headers: { 'content-type': 'application/json' },
        totalBytes: 8 * 1024 * 1024,
      })
      expect([res.status, res.headers['content-type'], JSON.parse(res.body).code]).toEqual([
        413,
        'application/problem+json',
        'request_too_large',
      ])
    } finally {
      await server.close()
    }
    expect(witness.store.get(GW1)).toBeUndefined()
  })
})
