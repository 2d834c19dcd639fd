// The token endpoint reads at most 16 KiB of a request, whatever its headers say: a huge chunked
// body is refused with 413 while the process's memory stays flat (docs/design.md §2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chunkedRequest, rawRequest, xroadError } from '../../support/http-raw.js'
import { KYC_APP, startTestFederation, type TestFederation } from '../../support/test-federation.js'

const MiB = 1024 * 1024
let fed: TestFederation

beforeAll(async () => {
  fed = await startTestFederation()
})
afterAll(() => fed?.close())

function rss(): number {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().rss
}

describe('POST /token body bounds', () => {
  it('refuses a 64 MiB chunked body with 413 client.request_too_large, memory growing by less than 32 MiB', async () => {
    const send = (totalBytes: number) =>
      chunkedRequest({
        url: fed.bank.consumerUrl,
        path: '/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        totalBytes,
      })
    // The same path once with a small oversize body, so code loading does not count below.
    expect((await send(64 * 1024)).status).toBe(413)
    const before = rss()
    const res = await send(64 * MiB)
    const grown = rss() - before
    expect([res.status, xroadError(res).code]).toEqual([413, 'client.request_too_large'])
    expect(xroadError(res).body.detail).toMatch(/^[0-9a-f-]{36}$/)
    expect(grown).toBeLessThan(32 * MiB)
  })

  it('refuses a declared Content-Length over 16 KiB with 413 client.request_too_large', async () => {
    const body = 'grant_type=client_credentials&pad=' + 'a'.repeat(16 * 1024)
    const res = await rawRequest(fed.bank.consumerUrl, '/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect([res.status, xroadError(res).code]).toEqual([413, 'client.request_too_large'])
  })

  it('still issues a token for a form within the limit after refusing oversize ones', async () => {
    expect(await fed.token(KYC_APP)).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/)
  })
})
