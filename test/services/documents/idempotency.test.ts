// Issuing certificates with an Idempotency-Key: replays, reuse with another body, concurrency.

import { describe, expect, it } from 'vitest'
import {
  createDocumentsApp,
  IDEMPOTENCY_PROBLEMS,
  type Certificate,
  type Page,
} from '#services/documents/index.js'
import { alive, expectProblem, get, issue } from './requests.js'

const body = { type: 'no-criminal-record', pin: alive.pin, purpose: 'Employment' }
const key = (value: string) => ({ 'idempotency-key': value })

async function held(app: ReturnType<typeof createDocumentsApp>): Promise<Certificate[]> {
  return (await get<Page<Certificate>>(app, `/certificates?pin=${alive.pin}`)).body.items
}

describe('POST /certificates with an Idempotency-Key', () => {
  it('issues once for the same key and body, replaying the stored response', async () => {
    const app = createDocumentsApp()
    const first = await issue(app, body, key('k-1'))
    const second = await issue(app, body, key('k-1'))
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.body).toEqual(first.body)
    expect(second.headers.get('location')).toBe(first.headers.get('location'))
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(await held(app)).toEqual([first.body])
  })

  it('answers 422 when the key is reused with another body, issuing nothing', async () => {
    const app = createDocumentsApp()
    await issue(app, body, key('k-2'))
    const reused = await issue(app, { ...body, purpose: 'Another purpose' }, key('k-2'))
    expectProblem(reused, 422, IDEMPOTENCY_PROBLEMS.keyReused.code)
    expect(reused.body.title).toBe(IDEMPOTENCY_PROBLEMS.keyReused.title)
    expect(await held(app)).toHaveLength(1)
  })

  it('issues exactly once for two concurrent requests with one key: 201 and 409', async () => {
    let entered = (): void => {}
    const inside = new Promise<void>((resolve) => (entered = resolve))
    let answer = (_hasRecord: boolean): void => {}
    const records = new Promise<boolean>((resolve) => (answer = resolve))
    // The records check holds the first request inside the handler until the second is answered.
    const app = createDocumentsApp({
      hasCriminalRecord: () => {
        entered()
        return records
      },
    })
    const first = issue(app, body, key('k-3'))
    await inside
    const second = await issue(app, body, key('k-3'))
    expectProblem(second, 409, IDEMPOTENCY_PROBLEMS.inProgress.code)
    expect(second.body.title).toBe(IDEMPOTENCY_PROBLEMS.inProgress.title)
    answer(false)
    expect((await first).status).toBe(201)
    expect(await held(app)).toHaveLength(1)
  })

  it('remembers a refusal too: the same key and body replay the 404', async () => {
    const app = createDocumentsApp()
    const unknown = { ...body, pin: '29999999999999' }
    expectProblem(await issue(app, unknown, key('k-4')), 404, 'person-not-found')
    const again = await issue(app, unknown, key('k-4'))
    expectProblem(again, 404, 'person-not-found')
    expect(again.headers.get('idempotent-replayed')).toBe('true')
  })

  it('issues two certificates for two requests without a key', async () => {
    const app = createDocumentsApp()
    const first = await issue(app, body)
    const second = await issue(app, body)
    expect(first.body.id).not.toBe(second.body.id)
    expect(await held(app)).toEqual([second.body, first.body])
  })

  it('refuses a malformed key with 400', async () => {
    const res = await issue(createDocumentsApp(), body, key('not a key'))
    expectProblem(res, 400, IDEMPOTENCY_PROBLEMS.invalidKey.code)
    expect(res.body.title).toBe(IDEMPOTENCY_PROBLEMS.invalidKey.title)
  })
})
