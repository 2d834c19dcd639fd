import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { idempotency, readJsonBody, useProblemHandlers } from '#services/shared/index.js'

function appWithCounter(delayMs = 0) {
  let count = 0
  const app = new Hono()
  useProblemHandlers(app)
  app.post('/pay', idempotency(), async (c) => {
    const body = (await readJsonBody(c)) as { amount: number }
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
    count += 1
    return c.json({ paid: body.amount, receipt: count }, 201)
  })
  return { app, count: () => count }
}

const post = (app: Hono, key: string | undefined, body: object) =>
  app.request('/pay', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  })

describe('idempotency', () => {
  it('replays the stored response for the same key and body, running the operation once', async () => {
    const { app, count } = appWithCounter()
    const first = await post(app, 'k1', { amount: 5 })
    const second = await post(app, 'k1', { amount: 5 })
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(await second.json()).toEqual(await first.json())
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(count()).toBe(1)
  })

  it('answers 422 when the key is reused with another body', async () => {
    const { app, count } = appWithCounter()
    await post(app, 'k2', { amount: 5 })
    const res = await post(app, 'k2', { amount: 6 })
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(count()).toBe(1)
  })

  it('runs once for two concurrent requests with one key; the other gets 409', async () => {
    const { app, count } = appWithCounter(50)
    const [a, b] = await Promise.all([
      post(app, 'k3', { amount: 5 }),
      post(app, 'k3', { amount: 5 }),
    ])
    expect([a.status, b.status].sort()).toEqual([201, 409])
    expect(count()).toBe(1)
    const later = await post(app, 'k3', { amount: 5 })
    expect(later.status).toBe(201)
    expect(count()).toBe(1)
  })

  it('runs every request without a key', async () => {
    const { app, count } = appWithCounter()
    await post(app, undefined, { amount: 5 })
    await post(app, undefined, { amount: 5 })
    expect(count()).toBe(2)
  })

  it('refuses a malformed key', async () => {
    const { app } = appWithCounter()
    expect((await post(app, 'a b', { amount: 5 })).status).toBe(400)
  })
})
