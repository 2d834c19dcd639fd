// `kopuro audit evidence` against a stand-in admin listener: the bundle written owner-only, or the
// list of exchanges a reused X-Road-Id names and exit code 1.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { auditEvidenceCommand, evidencePath } from '#gateway/cli/audit-evidence.js'
import { EXIT } from '#gateway/cli/exit-codes.js'

const TARGET = { admin: 'http://127.0.0.1:9', token: 'auditor-token', sandbox: 'unused.json' }
const MATCHES = [
  {
    seq: 4,
    side: 'consumer',
    requestId: 'req-a',
    time: 't1',
    client: 'c',
    service: 's',
    status: 200,
  },
  {
    seq: 9,
    side: 'consumer',
    requestId: 'req-b',
    time: 't2',
    client: 'c',
    service: 's',
    status: 404,
  },
]

let dir: string | undefined
afterEach(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined))

/** A fetch that answers `status` with `body` and remembers the URL it was asked for. */
function answering(status: number, body: unknown) {
  const asked: string[] = []
  const fetch = (async (url: string | URL) => {
    asked.push(String(url))
    return new Response(JSON.stringify(body), {
      status,
      headers: {
        'content-type': 'application/json',
        ...(status === 300 ? { 'x-road-error': 'client.ambiguous_exchange' } : {}),
      },
    })
  }) as typeof globalThis.fetch
  return { fetch, asked }
}

function capture() {
  const logged: string[] = []
  const errors: string[] = []
  return {
    out: { log: (s: string) => logged.push(s), error: (s: string) => errors.push(s) },
    logged,
    errors,
  }
}

describe('kopuro audit evidence', () => {
  it('asks for the exchange by X-Road-Id, request id, side and seq', () => {
    expect(evidencePath('loan 7/x', {})).toBe('/audit/evidence/loan%207%2Fx')
    expect(evidencePath('loan-7', { requestId: 'req-a', side: 'provider', seq: 4 })).toBe(
      '/audit/evidence/loan-7?requestId=req-a&side=provider&seq=4',
    )
  })

  it('prints the matches and exits 1 when the X-Road-Id names several exchanges', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kopuro-evidence-'))
    const file = join(dir, 'evidence.json')
    const { fetch, asked } = answering(300, {
      type: 'client.ambiguous_exchange',
      matches: MATCHES,
      more: false,
    })
    const { out, logged, errors } = capture()
    const code = await auditEvidenceCommand('loan-7', { ...TARGET, fetch, out: file }, out)
    expect(code).toBe(EXIT.FAILED)
    expect(asked).toEqual(['http://127.0.0.1:9/audit/evidence/loan-7'])
    const lines = logged.join('\n').split('\n')
    expect(lines[0]).toMatch(/^SEQ +SIDE +REQUEST-ID +TIME +CLIENT +SERVICE +STATUS$/)
    expect(lines.slice(1).map((l) => l.split(/ +/).slice(0, 3))).toEqual([
      ['4', 'consumer', 'req-a'],
      ['9', 'consumer', 'req-b'],
    ])
    expect(errors).toEqual([
      expect.stringMatching(/names 2 exchanges; choose one with --request-id/),
    ])
    await expect(stat(file)).rejects.toThrow()
  })

  it('writes the bundle owner-only to --out and names the record it holds', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kopuro-evidence-'))
    const file = join(dir, 'evidence.json')
    const bundle = { version: 1, record: { seq: 9, side: 'consumer', requestId: 'req-b' } }
    const { fetch, asked } = answering(200, bundle)
    const { out, logged } = capture()
    const code = await auditEvidenceCommand(
      'loan-7',
      { ...TARGET, fetch, requestId: 'req-b', out: file },
      out,
    )
    expect(code).toBe(EXIT.OK)
    expect(asked).toEqual(['http://127.0.0.1:9/audit/evidence/loan-7?requestId=req-b'])
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(bundle)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(logged).toEqual([
      `wrote the consumer record 9 (request req-b) with its proof to ${file}`,
    ])
  })

  it("exits 1 with the gateway's error for an unknown exchange", async () => {
    const { fetch } = answering(404, {
      type: 'client.unknown_exchange',
      message: 'No exchange',
      detail: 'd',
    })
    const { out, errors } = capture()
    expect(
      await auditEvidenceCommand('loan-7', { ...TARGET, fetch, requestId: 'req-z' }, out),
    ).toBe(EXIT.FAILED)
    expect(errors).toEqual([expect.stringMatching(/^audit evidence: refused: 404/)])
  })
})
