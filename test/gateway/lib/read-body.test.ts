import { describe, expect, it } from 'vitest'
import { BodyTooLargeError, readWebBody, readWebJson, readWebText } from '#gateway/lib/read-body.js'

/** A web stream that yields `count` chunks of `size` bytes and counts how many were pulled. */
function counted(count: number, size: number) {
  const state = { pulled: 0, cancelled: false }
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === count) return controller.close()
      state.pulled++
      controller.enqueue(new Uint8Array(size).fill(0x61))
    },
    cancel() {
      state.cancelled = true
    },
  })
  return { body, state }
}

describe('readWebBody', () => {
  it('reads a body within the limit byte for byte', async () => {
    const res = new Response('{"a":"ä"}')
    expect(await readWebJson(res, 100)).toEqual({ a: 'ä' })
    expect(await readWebText(new Response(''), 0)).toBe('')
    expect(await readWebBody(new Response(null), 0)).toHaveLength(0)
  })

  it('stops pulling and cancels the stream once the bytes read pass the limit, whatever the headers say', async () => {
    const { body, state } = counted(10_000, 64 * 1024)
    const message = { body, headers: new Headers({ 'content-length': '10' }) }
    const error = await readWebBody(message, 1024 * 1024).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BodyTooLargeError)
    expect((error as BodyTooLargeError).limit).toBe(1024 * 1024)
    expect(state.cancelled).toBe(true)
    expect(state.pulled).toBeLessThan(20)
  })

  it('refuses a declared length over the limit without reading a byte', async () => {
    const { body, state } = counted(10, 10)
    const message = { body, headers: new Headers({ 'content-length': '101' }) }
    await expect(readWebBody(message, 100)).rejects.toBeInstanceOf(BodyTooLargeError)
    expect(state.pulled).toBeLessThanOrEqual(1)
    expect(state.cancelled).toBe(true)
  })

  it('tells a malformed JSON body from an oversize one', async () => {
    await expect(readWebJson(new Response('{"a":'), 100)).rejects.toBeInstanceOf(SyntaxError)
  })
})
