// Builds the businesses register's OpenAPI 3.1 contract (emitted to contracts/businesses/).

import {
  createContractBuilder,
  jsonResponse as json,
  parameterRef as parameter,
  responseRef as response,
} from '../shared/contract-builder.js'
import { type OpenAPIObject, type OperationObject } from 'openapi3-ts/oas31'
import { DATA_SUBJECT_EXTENSION } from '../population/build.js'
import {
  EXAMPLE_BUSINESS,
  EXAMPLE_DIRECTORS,
  EXAMPLE_PAGE,
  EXAMPLE_TAX_STATUS,
} from './examples.js'
import { BUSINESSES_PARAMETERS, BUSINESSES_RESPONSES } from './parameters.js'
import { BUSINESSES_SCHEMAS } from './schemas.js'

export const BUSINESSES_CONTRACT_VERSION = '1.0.0'

const DESCRIPTION = [
  'Mock businesses and tax register over the synthetic Kyrgyz population shared by all kopuro',
  'registries: businesses by TIN, search by name, director or status, directors and founders,',
  'and tax standing. Every operation lives under `/businesses`, the service code.',
  'Directors’ PINs are personal data: the search names `directorPin` as its data subject, and',
  'lookups by TIN name `tin`, which for an individual entrepreneur is the owner’s PIN.',
  'Errors are RFC 9457 problem details.',
  '`GET /health` (liveness) is operational and deliberately not part of this contract.',
].join(' ')

/**
 * Builds the contract: every operation, its parameters, schemas, examples and problem responses.
 *
 * @example
 * const doc = buildBusinessesContract()
 * doc.paths?.['/businesses/{tin}']?.get?.operationId // 'getBusiness'
 */
export function buildBusinessesContract(): OpenAPIObject {
  const builder = createContractBuilder({
    title: 'Businesses and tax register',
    version: BUSINESSES_CONTRACT_VERSION,
    description: DESCRIPTION,
    port: 8104,
    tags: [
      { name: 'businesses', description: 'Legal entities and individual entrepreneurs.' },
      { name: 'tax', description: 'Tax standing, as the tax service reports it.' },
    ],
    schemas: BUSINESSES_SCHEMAS,
    parameters: BUSINESSES_PARAMETERS,
    responses: BUSINESSES_RESPONSES,
  })
  return builder
    .addPath('/businesses', { get: searchBusinesses() })
    .addPath('/businesses/{tin}', { get: businessOperation(GET_BUSINESS) })
    .addPath('/businesses/{tin}/directors', { get: businessOperation(GET_DIRECTORS) })
    .addPath('/businesses/{tin}/tax-status', { get: businessOperation(GET_TAX_STATUS) })
    .getSpec()
}

function searchBusinesses(): OperationObject {
  return {
    operationId: 'searchBusinesses',
    summary: 'Search businesses',
    description:
      'At least one of `name`, `directorPin`, `status` is required. Names match by substring, ' +
      'ignoring case; `directorPin` finds businesses the person directs or founded. Results keep ' +
      'register order.',
    tags: ['businesses'],
    parameters: ['Name', 'DirectorPin', 'Status', 'Page', 'Limit'].map(parameter),
    [DATA_SUBJECT_EXTENSION]: 'directorPin',
    responses: {
      '200': json('A page of matching businesses, as summaries.', 'BusinessPage', {
        'a-directors-active-llcs': EXAMPLE_PAGE,
      }),
      '400': response('InvalidQuery'),
      '500': response('InternalError'),
    },
  }
}

/** An operation about one business, named by the `tin` path parameter. */
interface BusinessOperation {
  operationId: string
  summary: string
  tag: string
  answer: string
  schema: string
  example: unknown
}

const GET_BUSINESS: BusinessOperation = {
  operationId: 'getBusiness',
  summary: 'Get a business by TIN',
  tag: 'businesses',
  answer: 'The business’s register entry.',
  schema: 'Business',
  example: EXAMPLE_BUSINESS,
}

const GET_DIRECTORS: BusinessOperation = {
  operationId: 'getBusinessDirectors',
  summary: 'Get a business’s director and founders, with their names',
  tag: 'businesses',
  answer: 'The current director first, then the founders, named as in the population register.',
  schema: 'Directors',
  example: EXAMPLE_DIRECTORS,
}

const GET_TAX_STATUS: BusinessOperation = {
  operationId: 'getBusinessTaxStatus',
  summary: 'Get a business’s tax standing',
  tag: 'tax',
  answer: 'Tax debt, the last period filed and the standing with the tax service.',
  schema: 'TaxStatus',
  example: EXAMPLE_TAX_STATUS,
}

function businessOperation(operation: BusinessOperation): OperationObject {
  const { operationId, summary, tag, answer, schema, example } = operation
  return {
    operationId,
    summary,
    tags: [tag],
    parameters: [parameter('Tin')],
    [DATA_SUBJECT_EXTENSION]: 'tin',
    responses: {
      '200': json(answer, schema, { 'a-trading-llc': example }),
      '400': response('InvalidTin'),
      '404': response('BusinessNotFound'),
      '500': response('InternalError'),
    },
  }
}
