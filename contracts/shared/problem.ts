// The RFC 9457 problem details schema and response helper every registry contract shares.

import type { ResponseObject, SchemaObject } from 'openapi3-ts/oas31'

/** The problem+json media type (RFC 9457 §3). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json'

/** RFC 9457 §3.1 members; extension members are allowed (§3.2), so no `additionalProperties`. */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'Problem details (RFC 9457).',
  required: ['type', 'title', 'status'],
  properties: {
    type: {
      type: 'string',
      format: 'uri-reference',
      description: 'Identifies the problem type; `about:blank` means the status says it all.',
    },
    title: { type: 'string', description: 'Short summary of the problem type; fixed per type.' },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    detail: { type: 'string', description: 'Explanation of this occurrence.' },
    instance: {
      type: 'string',
      format: 'uri-reference',
      description: 'Identifies this occurrence (a `urn:uuid:`), for correlation with logs.',
    },
  },
}

export interface ProblemExample {
  type: string
  title: string
  status: number
  detail?: string
}

/**
 * A problem+json response referring to the shared `Problem` schema, with one example.
 *
 * @example
 * builder.addResponse('PersonNotFound', problemResponse('No such person', { type, title, status }))
 */
export function problemResponse(description: string, example: ProblemExample): ResponseObject {
  const value = { ...example, instance: 'urn:uuid:3f0b5f3e-8f8a-4f55-9d0a-0c0f3c2a7e11' }
  return {
    description,
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: { $ref: '#/components/schemas/Problem' },
        examples: { [example.title]: { value } },
      },
    },
  }
}
