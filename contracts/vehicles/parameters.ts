// Parameters and error responses of the vehicles contract, as OpenAPI components.

import type { ParameterObject, ResponseObject } from 'openapi3-ts/oas31'
import { problemType } from '../../services/shared/index.js'
import {
  DEFAULT_LIMIT,
  INVALID_PIN,
  INVALID_PLATE,
  INVALID_QUERY,
  LICENCE_NOT_FOUND,
  MAX_LIMIT,
  MAX_MAKE_LENGTH,
  MAX_PAGE,
  VEHICLE_NOT_FOUND,
} from '../../services/vehicles/index.js'
import { problemResponse } from '../shared/problem.js'
import {
  EXAMPLE_LICENCE_SEARCH,
  EXAMPLE_PIN,
  EXAMPLE_PLATE,
  EXAMPLE_VEHICLE_SEARCH,
} from './examples.js'

export const VEHICLES_PARAMETERS: Record<string, ParameterObject> = {
  Plate: {
    name: 'plate',
    in: 'path',
    required: true,
    description: 'The plate, without spaces.',
    schema: { $ref: '#/components/schemas/Plate' },
    example: EXAMPLE_PLATE,
  },
  Pin: {
    name: 'pin',
    in: 'path',
    required: true,
    description: 'The licence holder’s PIN (the data subject of the operation).',
    schema: { $ref: '#/components/schemas/Pin' },
    example: EXAMPLE_PIN,
  },
  OwnerPin: {
    name: 'ownerPin',
    in: 'query',
    description: 'The registered owner’s PIN (the data subject, when given).',
    schema: { $ref: '#/components/schemas/Pin' },
    example: EXAMPLE_VEHICLE_SEARCH.ownerPin,
  },
  Make: {
    name: 'make',
    in: 'query',
    description: 'Make; exact match, ignoring case.',
    schema: { type: 'string', minLength: 1, maxLength: MAX_MAKE_LENGTH },
    example: EXAMPLE_VEHICLE_SEARCH.make,
  },
  Category: {
    name: 'category',
    in: 'query',
    required: true,
    description: 'Licences that include this category.',
    schema: { $ref: '#/components/schemas/LicenceCategory' },
    example: EXAMPLE_LICENCE_SEARCH.category,
  },
  LicenceStatus: {
    name: 'status',
    in: 'query',
    description: 'Only licences in this status.',
    schema: { $ref: '#/components/schemas/LicenceStatus' },
    example: EXAMPLE_LICENCE_SEARCH.status,
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

/** A problem response whose example is exactly what the register answers (no `code` member). */
function problem(
  description: string,
  { code, ...rest }: { code: string; title: string; status: number; detail?: string },
): ResponseObject {
  return problemResponse(description, { ...rest, type: problemType(code) })
}

export const VEHICLES_RESPONSES: Record<string, ResponseObject> = {
  InvalidPlate: problem('The plate is not in the canonical form `01KG123ABC`.', INVALID_PLATE),
  VehicleNotFound: problem('No vehicle with this plate is registered.', VEHICLE_NOT_FOUND),
  InvalidPin: problem('The PIN is not 14 digits starting with 1 or 2.', INVALID_PIN),
  LicenceNotFound: problem(
    'No driving licence is registered for this PIN (or no such person).',
    LICENCE_NOT_FOUND,
  ),
  InvalidQuery: problem('A query parameter is malformed, or a required filter is missing.', {
    ...INVALID_QUERY,
    detail: 'at least one of ownerPin, make is required',
  }),
  InternalError: problemResponse('The register failed unexpectedly.', {
    type: problemType(undefined),
    title: 'Internal Server Error',
    status: 500,
  }),
}
