// Request helpers for the transport registers' tests: JSON answers and problem+json checks.

import type { Hono } from 'hono'
import { expect } from 'vitest'
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '#services/shared/index.js'

export interface Answer<T> {
  status: number
  type: string
  headers: Headers
  body: T
}

/** Calls the app; the body type is the test's expectation, checked by the assertions. */
export async function send<T = ProblemDetails>(
  app: Hono,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const body =
    init.body === undefined || typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
  const res = await app.request(path, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    body,
  })
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    headers: res.headers,
    body: (await res.json()) as T,
  }
}

/** Asserts an RFC 9457 problem with the given status and kopuro problem code. */
export function expectProblem(res: Answer<unknown>, status: number, code?: string): void {
  const body = res.body as ProblemDetails
  expect(res.status).toBe(status)
  expect(res.type).toBe(PROBLEM_CONTENT_TYPE)
  expect(body.status).toBe(status)
  expect(body.type).toBe(code === undefined ? 'about:blank' : `tag:kopuro.dev,2025:problem/${code}`)
  expect(body.instance).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+:\d+|Error:/)
}
