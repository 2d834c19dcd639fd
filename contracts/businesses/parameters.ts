// Parameters and error responses of the businesses contract, as OpenAPI components.

import type { ParameterObject, ResponseObject } from 'openapi3-ts/oas31'
import {
  BUSINESS_NOT_FOUND,
  DEFAULT_LIMIT,
  INVALID_QUERY,
  INVALID_TIN,
  MAX_LIMIT,
  MAX_NAME_LENGTH,
  MAX_PAGE,
} from '../../services/businesses/index.js'
import { problemType } from '../../services/shared/index.js'
import { problemResponse } from '../shared/problem.js'
import { EXAMPLE_SEARCH, EXAMPLE_TIN } from './examples.js'

export const BUSINESSES_PARAMETERS: Record<string, ParameterObject> = {
  Tin: {
    name: 'tin',
    in: 'path',
    required: true,
    description:
      'The business’s TIN. For an individual entrepreneur this is the owner’s PIN, so it names ' +
      'the data subject of the operation.',
    schema: { $ref: '#/components/schemas/Tin' },
    example: EXAMPLE_TIN,
  },
  Name: {
    name: 'name',
    in: 'query',
    description: 'Part of the registered name; substring match, ignoring case.',
    schema: { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH },
    example: EXAMPLE_SEARCH.name,
  },
  DirectorPin: {
    name: 'directorPin',
    in: 'query',
    description:
      'PIN of a director or founder (the data subject of the search): businesses they direct ' +
      'or founded.',
    schema: { $ref: '#/components/schemas/Pin' },
    example: EXAMPLE_SEARCH.directorPin,
  },
  Status: {
    name: 'status',
    in: 'query',
    description: 'Registration status.',
    schema: { $ref: '#/components/schemas/BusinessStatus' },
    example: EXAMPLE_SEARCH.status,
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

export const BUSINESSES_RESPONSES: Record<string, ResponseObject> = {
  InvalidTin: problemResponse('The TIN is not 14 digits starting with 0, 1 or 2.', {
    ...INVALID_TIN,
    type: problemType(INVALID_TIN.code),
  }),
  BusinessNotFound: problemResponse('No business with this TIN is registered.', {
    ...BUSINESS_NOT_FOUND,
    type: problemType(BUSINESS_NOT_FOUND.code),
  }),
  InvalidQuery: problemResponse('A query parameter is malformed, or no filter was given.', {
    ...INVALID_QUERY,
    type: problemType(INVALID_QUERY.code),
    detail: 'at least one of name, directorPin, status is required',
  }),
  InternalError: problemResponse('The register failed unexpectedly.', {
    type: problemType(undefined),
    title: 'Internal Server Error',
    status: 500,
  }),
}
