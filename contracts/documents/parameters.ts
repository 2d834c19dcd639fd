// Parameters and error responses of the documents contract, as OpenAPI components.

import type { ParameterObject, ResponseObject } from 'openapi3-ts/oas31'
import {
  BODY_TOO_LARGE,
  CERTIFICATE_NOT_FOUND,
  CERTIFICATE_REFUSED,
  DEFAULT_LIMIT,
  IDEMPOTENCY_PROBLEMS,
  INVALID_BODY,
  INVALID_CERTIFICATE_ID,
  INVALID_QUERY,
  MAX_LIMIT,
  MAX_PAGE,
  PERSON_DECEASED,
  PERSON_NOT_FOUND,
  UNSUPPORTED_MEDIA_TYPE,
} from '../../services/documents/index.js'
import { problemType, type ProblemInit } from '../../services/shared/index.js'
import { PROBLEM_MEDIA_TYPE, problemResponse, type ProblemExample } from '../shared/problem.js'
import {
  EXAMPLE_BIRTH_CERTIFICATE,
  EXAMPLE_IDEMPOTENCY_KEY,
  EXAMPLE_PAGE,
  EXAMPLE_PIN,
} from './examples.js'

export const DOCUMENTS_PARAMETERS: Record<string, ParameterObject> = {
  CertificateId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'The certificate number.',
    schema: { $ref: '#/components/schemas/CertificateId' },
    example: EXAMPLE_BIRTH_CERTIFICATE.id,
  },
  Pin: {
    name: 'pin',
    in: 'query',
    required: true,
    description: 'The holder’s PIN (the data subject of the operation).',
    schema: { $ref: '#/components/schemas/Pin' },
    example: EXAMPLE_PIN,
  },
  Type: {
    name: 'type',
    in: 'query',
    description: 'Only certificates of this type.',
    schema: { $ref: '#/components/schemas/CertificateType' },
    example: EXAMPLE_PAGE.items[0]?.type,
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
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    description:
      'Makes the request safe to retry (IETF httpapi Idempotency-Key draft): the same key with ' +
      'the same body within 24 hours replays the first response (`Idempotent-Replayed: true`) ' +
      'without issuing again; the same key with another body is 422; a retry while the first ' +
      'request is still running is 409.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
    example: EXAMPLE_IDEMPOTENCY_KEY,
  },
}

/** A problem's documented example: its type URI, fixed title, status and (example) detail. */
function example(
  problem: ProblemInit & { title: string },
  detail = problem.detail,
): ProblemExample {
  const { status, title } = problem
  return {
    type: problemType(problem.code),
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
  }
}

/** One response documenting several problems of the same status, one example each. */
function problems(description: string, ...examples: ProblemExample[]): ResponseObject {
  const named = examples.flatMap((value) =>
    Object.entries(
      problemResponse(description, value).content?.[PROBLEM_MEDIA_TYPE]?.examples ?? {},
    ),
  )
  return {
    description,
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: { $ref: '#/components/schemas/Problem' },
        examples: Object.fromEntries(named),
      },
    },
  }
}

export const DOCUMENTS_RESPONSES: Record<string, ResponseObject> = {
  InvalidCertificateId: problems(
    'The certificate number is malformed.',
    example(INVALID_CERTIFICATE_ID),
  ),
  CertificateNotFound: problems('No certificate has this number.', example(CERTIFICATE_NOT_FOUND)),
  PersonNotFound: problems('No person with this PIN is registered.', example(PERSON_NOT_FOUND)),
  InvalidQuery: problems(
    'The PIN is missing or malformed, or another parameter is invalid.',
    example(INVALID_QUERY, 'pin is required'),
  ),
  InvalidRequest: problems(
    'The body does not fit `IssueCertificateRequest`, or the Idempotency-Key is malformed.',
    example(INVALID_BODY, 'purpose must be 1 to 200 printable characters, not all spaces'),
    example(IDEMPOTENCY_PROBLEMS.invalidKey),
  ),
  BodyTooLarge: problems('The body exceeds 4096 bytes.', example(BODY_TOO_LARGE)),
  UnsupportedMediaType: problems(
    'The body is not application/json.',
    example(UNSUPPORTED_MEDIA_TYPE),
  ),
  RequestInProgress: problems(
    'A request with this Idempotency-Key is still being processed; retry later.',
    example(IDEMPOTENCY_PROBLEMS.inProgress),
  ),
  IssueRefused: problems(
    'The certificate cannot be issued to this person, or the Idempotency-Key was used for ' +
      'another request.',
    example(CERTIFICATE_REFUSED),
    example(PERSON_DECEASED),
    example(IDEMPOTENCY_PROBLEMS.keyReused),
  ),
  InternalError: problems('The register failed unexpectedly.', {
    type: problemType(undefined),
    title: 'Internal Server Error',
    status: 500,
  }),
}
