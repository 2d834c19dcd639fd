// Parameters, request body and error responses of the fines contract, as OpenAPI components.

import type {
  ExamplesObject,
  MediaTypeObject,
  ParameterObject,
  RequestBodyObject,
  ResponseObject,
} from 'openapi3-ts/oas31'
import {
  AMOUNT_MISMATCH,
  FINE_ALREADY_PAID,
  FINE_NOT_FOUND,
  INVALID_FINE_ID,
  INVALID_PAYMENT,
  INVALID_QUERY,
  MAX_PAYMENT_BYTES,
} from '../../services/fines/index.js'
import { bodyTooLargeProblem, problemType } from '../../services/shared/index.js'
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE } from '../../services/vehicles/index.js'
import { PROBLEM_MEDIA_TYPE, problemResponse, type ProblemExample } from '../shared/problem.js'
import {
  EXAMPLE_FINE_ID,
  EXAMPLE_FINE_SEARCH,
  EXAMPLE_IDEMPOTENCY_KEY,
  EXAMPLE_PAYMENT_REQUEST,
} from './examples.js'

/** The problems `idempotency()` (services/shared/idempotency.ts) answers with. */
const KEY_MALFORMED = { code: 'invalid-idempotency-key', title: 'Invalid Idempotency-Key' }
const KEY_REUSED = {
  code: 'idempotency-key-reused',
  title: 'Idempotency-Key reused with another request',
}
const KEY_IN_PROGRESS = {
  code: 'request-in-progress',
  title: 'A request with this key is in progress',
}

export const FINES_PARAMETERS: Record<string, ParameterObject> = {
  Pin: {
    name: 'pin',
    in: 'query',
    required: true,
    description: 'The PIN of the person whose fines are listed (the data subject).',
    schema: { $ref: '#/components/schemas/Pin' },
    example: EXAMPLE_FINE_SEARCH.pin,
  },
  FineStatus: {
    name: 'status',
    in: 'query',
    description: 'Only fines in this status.',
    schema: { $ref: '#/components/schemas/FineStatus' },
    example: EXAMPLE_FINE_SEARCH.status,
  },
  FineId: {
    name: 'fineId',
    in: 'path',
    required: true,
    description: 'The fine’s id.',
    schema: { $ref: '#/components/schemas/FineId' },
    example: EXAMPLE_FINE_ID,
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    description:
      'Makes the payment safe to retry (IETF httpapi Idempotency-Key draft): the same key with ' +
      'the same request replays the first response for 24 h; with another request it is 422; ' +
      'while the first request is still running it is 409.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
    example: EXAMPLE_IDEMPOTENCY_KEY,
  },
  Page: {
    name: 'page',
    in: 'query',
    description: 'Page number, from 1.',
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 },
    example: 1,
  },
  Limit: {
    name: 'limit',
    in: 'query',
    description: 'Items per page.',
    schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    example: DEFAULT_LIMIT,
  },
}

export const FINES_REQUEST_BODIES: Record<string, RequestBodyObject> = {
  PaymentRequest: {
    required: true,
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/PaymentRequest' },
        examples: { 'pay-in-full': { value: EXAMPLE_PAYMENT_REQUEST } },
      },
    },
  },
}

export const FINES_RESPONSES: Record<string, ResponseObject> = {
  InvalidFineId: problems('The fine id is not `FN` and 10 digits.', INVALID_FINE_ID),
  FineNotFound: problems('No fine with this id is registered.', FINE_NOT_FOUND),
  InvalidQuery: problems('A query parameter is malformed, or `pin` is missing.', {
    ...INVALID_QUERY,
    detail: 'pin is required',
  }),
  InvalidPaymentRequest: problems(
    'The fine id, the body or the Idempotency-Key is malformed.',
    INVALID_FINE_ID,
    { ...INVALID_PAYMENT, detail: 'currency must be KGS' },
    { ...KEY_MALFORMED, status: 400 },
  ),
  PaymentConflict: problems(
    'The fine is already paid, or a request with this Idempotency-Key is still running.',
    FINE_ALREADY_PAID,
    { ...KEY_IN_PROGRESS, status: 409 },
  ),
  PaymentUnprocessable: problems(
    'The amount is not the fine’s, or the Idempotency-Key was used for another request.',
    AMOUNT_MISMATCH,
    { ...KEY_REUSED, status: 422 },
  ),
  BodyTooLarge: problems(
    `The body exceeds ${MAX_PAYMENT_BYTES} bytes, declared or as read.`,
    bodyTooLargeProblem(MAX_PAYMENT_BYTES),
  ),
  InternalError: problemResponse('The register failed unexpectedly.', {
    type: problemType(undefined),
    title: 'Internal Server Error',
    status: 500,
  }),
}

/** One problem+json response with an example per problem type it may carry. */
function problems(
  description: string,
  ...types: { code: string; title: string; status: number; detail?: string }[]
): ResponseObject {
  const examples: ExamplesObject = {}
  let media: MediaTypeObject | undefined
  for (const { code, ...rest } of types) {
    const example: ProblemExample = { ...rest, type: problemType(code) }
    const one = problemResponse(description, example).content?.[PROBLEM_MEDIA_TYPE]
    media ??= one
    Object.assign(examples, one?.examples)
  }
  return { description, content: { [PROBLEM_MEDIA_TYPE]: { ...media, examples } } }
}
