// Helpers for the documents register's tests: requests through the real app, problem checks.

import type { Hono } from 'hono'
import { expect } from 'vitest'
import type { Certificate } from '#services/documents/index.js'
import {
  createPopulation,
  PROBLEM_CONTENT_TYPE,
  type Person,
  type ProblemDetails,
} from '#services/shared/index.js'
import { createCriminalRecordCheck } from '#services/documents/index.js'

export interface Answer<T> {
  status: number
  headers: Headers
  body: T
}

export const population = createPopulation()
const hasRecord = createCriminalRecordCheck(population.seed, population.referenceDate)

/** Persons the tests need, found in the default population rather than hard-coded. */
export const alive = population.persons.find(
  (p) => p.status === 'alive' && p.parentPins.length === 2 && p.address.apartment !== undefined,
) as Person
export const deceased = population.persons.find((p) => p.status === 'deceased') as Person
export const withRecord = population.persons.find(
  (p) => p.status === 'alive' && hasRecord(p) === true,
) as Person

/** A fixed clock; sub-second precision is dropped from certificates. */
export const NOW = Date.parse('2025-03-10T08:30:00.250Z')

export async function issue(
  app: Hono,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<Certificate & ProblemDetails>> {
  const res = await app.request('/certificates', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, headers: res.headers, body: (await res.json()) as never }
}

/** Calls the app; the body type is the test's expectation, checked by the assertions. */
export async function get<T = ProblemDetails>(app: Hono, path: string): Promise<Answer<T>> {
  const res = await app.request(path)
  return { status: res.status, headers: res.headers, body: (await res.json()) as T }
}

export function expectProblem(res: Answer<unknown>, status: number, code: string): void {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE)
  expect(res.body).toMatchObject({ status, type: `tag:kopuro.dev,2025:problem/${code}` })
  expect((res.body as ProblemDetails).instance).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
}
