// The CLI reads what a server answers through the bounded reader: an endless answer fails the
// command with exit 1 and a message naming the limit, after reading no more than the limit.
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { adminRequest } from '#gateway/cli/admin-request.js'
import { auditQueryCommand } from '#gateway/cli/audit-query.js'
import { auditVerifyCommand } from '#gateway/cli/audit-verify.js'
import { MAX_ANSWER_BYTES, MAX_SMALL_ANSWER_BYTES } from '#gateway/cli/read-answer.js'
import { EXIT } from '#gateway/cli/exit-codes.js'

const CHUNK = 256 * 1024

/** A fetch answering an endless body; `pulled()` says how many bytes were taken from it. */
function endlessFetch(status: number, headers: Record<string, string> = {}) {
  let pulled = 0
  const fetch = (() =>
    Promise.resolve(
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += CHUNK
            controller.enqueue(new Uint8Array(CHUNK).fill(0x20))
          },
        }),
        { status, headers: { 'content-type': 'application/json', ...headers } },
      ),
    )) as typeof globalThis.fetch
  return { fetch, pulled: () => pulled }
}

function capture() {
  const lines = { log: [] as string[], error: [] as string[] }
  return {
    lines,
    out: { log: (s: string) => lines.log.push(s), error: (s: string) => lines.error.push(s) },
  }
}

describe('bounded CLI answers', () => {
  it('audit query fails with exit 1 on an endless page, reading no more than 32 MiB and a chunk', async () => {
    const { fetch, pulled } = endlessFetch(200)
    const { out, lines } = capture()
    const code = await auditQueryCommand(
      { admin: 'http://127.0.0.1:1', token: 't', sandbox: '/nonexistent', limit: 10, fetch },
      out,
    )
    expect(code).toBe(EXIT.FAILED)
    expect(lines.error).toEqual([`audit query: the answer exceeds ${MAX_ANSWER_BYTES} bytes`])
    expect(pulled()).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 2 * CHUNK)
  })

  it('reports an endless refusal by its status and code alone, reading at most 64 KiB of it', async () => {
    const { fetch, pulled } = endlessFetch(401, { 'x-road-error': 'client.unauthorized' })
    const refused = await adminRequest({ url: 'http://127.0.0.1:1', token: 't' }, '/x', {
      fetch,
    }).catch((e: unknown) => e)
    expect(refused).toMatchObject({
      status: 401,
      code: 'client.unauthorized',
      message: 'refused: 401 client.unauthorized',
    })
    expect(pulled()).toBeLessThanOrEqual(MAX_SMALL_ANSWER_BYTES + 2 * CHUNK)
  })

  it('audit verify refuses a witness head over 64 KiB with exit 2, without reading on', async () => {
    const { fetch, pulled } = endlessFetch(200)
    const { out, lines } = capture()
    const code = await auditVerifyCommand(tmpdir(), out, {
      head: 'http://127.0.0.1:1/witness/x',
      fetch,
    })
    expect(code).toBe(EXIT.USAGE)
    expect(lines.error).toEqual([
      `audit verify: the answer exceeds ${MAX_SMALL_ANSWER_BYTES} bytes`,
    ])
    expect(pulled()).toBeLessThanOrEqual(MAX_SMALL_ANSWER_BYTES + 2 * CHUNK)
  })
})
