// Parameters and error responses of the population contract, as OpenAPI components.

import type { ParameterObject, ResponseObject } from 'openapi3-ts/oas31'
import {
  DEFAULT_LIMIT,
  INVALID_PIN,
  INVALID_QUERY,
  MAX_LIMIT,
  MAX_NAME_LENGTH,
  MAX_PAGE,
  PERSON_NOT_FOUND,
} from '../../services/population/index.js'
import { problemType } from '../../services/shared/index.js'
import { problemResponse } from '../shared/problem.js'
import { EXAMPLE_PIN, EXAMPLE_SEARCH } from './examples.js'

const nameFilter = (name: string, what: string, example: string): ParameterObject => ({
  name,
  in: 'query',
  description: `${what}; exact match, ignoring case.`,
  schema: { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH },
  example,
})

export const POPULATION_PARAMETERS: Record<string, ParameterObject> = {
  Pin: {
    name: 'pin',
    in: 'path',
    required: true,
    description: 'The person’s PIN (the data subject of the operation).',
    schema: { $ref: '#/components/schemas/Pin' },
    example: EXAMPLE_PIN,
  },
  LastName: nameFilter('lastName', 'Surname', EXAMPLE_SEARCH.lastName),
  FirstName: nameFilter('firstName', 'Given name', EXAMPLE_SEARCH.firstName),
  DateOfBirth: {
    name: 'dateOfBirth',
    in: 'query',
    description: 'Date of birth (YYYY-MM-DD).',
    schema: { type: 'string', format: 'date' },
    example: EXAMPLE_SEARCH.dateOfBirth,
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

export const POPULATION_RESPONSES: Record<string, ResponseObject> = {
  InvalidPin: problemResponse('The PIN is not 14 digits starting with 1 or 2.', {
    ...INVALID_PIN,
    type: problemType(INVALID_PIN.code),
  }),
  PersonNotFound: problemResponse('No person with this PIN is registered.', {
    ...PERSON_NOT_FOUND,
    type: problemType(PERSON_NOT_FOUND.code),
  }),
  InvalidQuery: problemResponse('A query parameter is malformed, or no filter was given.', {
    ...INVALID_QUERY,
    type: problemType(INVALID_QUERY.code),
    detail: 'at least one of lastName, firstName, dateOfBirth is required',
  }),
  InternalError: problemResponse('The register failed unexpectedly.', {
    type: problemType(undefined),
    title: 'Internal Server Error',
    status: 500,
  }),
}
