// A sibling node's answer is read through the bounded reader: one over the limit is left out,
// and no more of it is pulled than the limit and one chunk (docs/design.md §2).
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { DirectoryClient } from '#gateway/directory/index.js'
import { createSiblingQuery } from '#gateway/provider/ask-siblings.js'
import { createKeyPair } from '../signing/fixtures.js'

const MEMBER = 'KG/GOV/70000001'
const CHUNK = 64 * 1024

/** A body of `total` bytes made on demand; `pulled()` says how much of it was read. */
function lazyBody(total: number, text?: string) {
  let made = 0
  const body = text
    ? Readable.from([Buffer.from(text)])
    : new Readable({
        read() {
          if (made >= total) {
            this.push(null)
            return
          }
          made += CHUNK
          this.push(Buffer.alloc(CHUNK, 0x20))
        },
      })
  return { body, pulled: () => made }
}

function query(answer: { status: number; headers: Record<string, string>; body: Readable }) {
  const nodes = [`${MEMBER}/gw1`, `${MEMBER}/gw2`].map((nodeId) => ({
    memberId: MEMBER,
    nodeId,
    node: { federationUrl: 'https://127.0.0.1:1' },
  }))
  const directory = {
    current: () => ({ nodesOf: () => nodes }),
  } as unknown as DirectoryClient
  const pool = () => ({
    request: () => Promise.resolve({ statusCode: answer.status, ...answer }),
  })
  return createSiblingQuery({
    nodeId: `${MEMBER}/gw1`,
    directory,
    connections: { pool } as never,
    signingKey: createKeyPair('ed25519', `${MEMBER}/sign`).signing,
    now: Date.now,
    maxBodyBytes: 1024 * 1024,
  })
}

describe('createSiblingQuery', () => {
  it('takes a sibling answer within the limit', async () => {
    const { body } = lazyBody(0, '{"usages":[]}')
    const parts = await query({ status: 200, headers: {}, body }).askAll(`${MEMBER}/x`, '/', 'p')
    expect(parts).toEqual([{ usages: [] }])
  })

  it('leaves out a streamed answer over the limit, pulling no more than the limit and a chunk', async () => {
    const big = lazyBody(64 * 1024 * 1024)
    const parts = await query({ status: 200, headers: {}, body: big.body }).askAll(
      `${MEMBER}/x`,
      '/',
      'p',
    )
    expect(parts).toEqual([undefined])
    expect(big.pulled()).toBeLessThanOrEqual(1024 * 1024 + 2 * CHUNK)
    expect(big.body.destroyed).toBe(true)
  })

  it('leaves out an answer whose declared length is over the limit without reading it', async () => {
    const big = lazyBody(64 * 1024 * 1024)
    const headers = { 'content-length': String(64 * 1024 * 1024) }
    const parts = await query({ status: 200, headers, body: big.body }).askAll(
      `${MEMBER}/x`,
      '/',
      'p',
    )
    expect(parts).toEqual([undefined])
    expect(big.pulled()).toBe(0)
    expect(big.body.destroyed).toBe(true)
  })
})
