// problem+json handlers: typed problems, HTTP exceptions and unexpected errors, never a stack.

import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import {
  PROBLEM_CONTENT_TYPE,
  ProblemError,
  useProblemHandlers,
  type ProblemDetails,
} from '#services/shared/index.js'

function createTestApp(unexpected: unknown[]): Hono {
  const app = new Hono()
  useProblemHandlers(app, { onUnexpected: (error) => unexpected.push(error) })
  app.get('/typed', () => {
    throw new ProblemError({ code: 'too-late', status: 409, title: 'Too late', detail: 'Closed.' })
  })
  app.get('/http', () => {
    throw new HTTPException(413)
  })
  app.get('/boom', () => {
    throw new Error('secret at /srv/app.ts:12')
  })
  return app
}

async function problemAt(app: Hono, path: string): Promise<[Response, ProblemDetails]> {
  const res = await app.request(path)
  expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE)
  return [res, (await res.json()) as ProblemDetails]
}

describe('problem handlers', () => {
  it('render a ProblemError with its code, title and detail', async () => {
    const [res, body] = await problemAt(createTestApp([]), '/typed')
    expect(res.status).toBe(409)
    expect(body).toMatchObject({
      type: 'tag:kopuro.dev,2025:problem/too-late',
      title: 'Too late',
      status: 409,
      detail: 'Closed.',
    })
    expect(body.instance).toMatch(/^urn:uuid:/)
  })

  it('render an HTTPException as about:blank with the status phrase', async () => {
    const [res, body] = await problemAt(createTestApp([]), '/http')
    expect(res.status).toBe(413)
    expect(body).toMatchObject({ type: 'about:blank', title: 'Payload Too Large', status: 413 })
  })

  it('hide unexpected errors behind a bare 500 and report them', async () => {
    const unexpected: unknown[] = []
    const [res, body] = await problemAt(createTestApp(unexpected), '/boom')
    expect(res.status).toBe(500)
    expect(Object.keys(body).sort()).toEqual(['instance', 'status', 'title', 'type'])
    expect(JSON.stringify(body)).not.toContain('secret')
    expect(unexpected).toHaveLength(1)
  })

  it('answer unknown routes with a 404 problem', async () => {
    const [res, body] = await problemAt(createTestApp([]), '/missing')
    expect(res.status).toBe(404)
    expect(body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 })
  })
})
