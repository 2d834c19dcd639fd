// Builds the population register's OpenAPI 3.1 contract (emitted to contracts/population/).

import {
  createContractBuilder,
  jsonResponse as json,
  parameterRef as parameter,
  responseRef as response,
} from '../shared/contract-builder.js'
import { type OpenAPIObject, type OperationObject } from 'openapi3-ts/oas31'
import { EXAMPLE_ADDRESS, EXAMPLE_FAMILY, EXAMPLE_PAGE, EXAMPLE_PERSON } from './examples.js'
import { POPULATION_PARAMETERS, POPULATION_RESPONSES } from './parameters.js'
import { POPULATION_SCHEMAS } from './schemas.js'

export const POPULATION_CONTRACT_VERSION = '1.0.0'

/** Marks which parameter holds the PIN of the person an operation is about (docs/design.md §4, §5). */
export const DATA_SUBJECT_EXTENSION = 'x-kopuro-data-subject'

const DESCRIPTION = [
  'Mock population register of the synthetic Kyrgyz population shared by all kopuro registries:',
  'persons by PIN, search, family links and registered addresses.',
  'Errors are RFC 9457 problem details.',
  '`GET /health` (liveness) is operational and deliberately not part of this contract,',
  'so it can be neither granted nor reached through a gateway.',
].join(' ')

/**
 * Builds the contract: every operation, its parameters, schemas, examples and problem responses.
 *
 * @example
 * const doc = buildPopulationContract()
 * doc.paths?.['/persons/{pin}']?.get?.operationId // 'getPerson'
 */
export function buildPopulationContract(): OpenAPIObject {
  const builder = createContractBuilder({
    title: 'Population register',
    version: POPULATION_CONTRACT_VERSION,
    description: DESCRIPTION,
    port: 8101,
    tags: [{ name: 'persons', description: 'Natural persons in the register.' }],
    schemas: POPULATION_SCHEMAS,
    parameters: POPULATION_PARAMETERS,
    responses: POPULATION_RESPONSES,
  })
  return builder
    .addPath('/persons', { get: searchPersons() })
    .addPath('/persons/{pin}', { get: personOperation(GET_PERSON) })
    .addPath('/persons/{pin}/family', { get: personOperation(GET_FAMILY) })
    .addPath('/persons/{pin}/address', { get: personOperation(GET_ADDRESS) })
    .getSpec()
}

function searchPersons(): OperationObject {
  return {
    operationId: 'searchPersons',
    summary: 'Search persons',
    description:
      'At least one of `lastName`, `firstName`, `dateOfBirth` is required (the register cannot ' +
      'be listed whole). Names match exactly, ignoring case; results keep register order.',
    tags: ['persons'],
    parameters: ['LastName', 'FirstName', 'DateOfBirth', 'Page', 'Limit'].map(parameter),
    responses: {
      '200': json('A page of matching persons.', 'PersonPage', {
        'by-name-and-birth-date': EXAMPLE_PAGE,
      }),
      '400': response('InvalidQuery'),
      '500': response('InternalError'),
    },
  }
}

/** An operation about one person, who is named by the `pin` path parameter. */
interface PersonOperation {
  operationId: string
  summary: string
  answer: string
  schema: string
  example: unknown
}

const GET_PERSON: PersonOperation = {
  operationId: 'getPerson',
  summary: 'Get a person by PIN',
  answer: 'The person’s register entry.',
  schema: 'Person',
  example: EXAMPLE_PERSON,
}

const GET_FAMILY: PersonOperation = {
  operationId: 'getPersonFamily',
  summary: 'Get a person’s spouse, parents and children',
  answer: 'The person’s family links, as summaries.',
  schema: 'Family',
  example: EXAMPLE_FAMILY,
}

const GET_ADDRESS: PersonOperation = {
  operationId: 'getPersonAddress',
  summary: 'Get a person’s registered address',
  answer: 'The registered address and the date the registration began.',
  schema: 'PersonAddress',
  example: EXAMPLE_ADDRESS,
}

function personOperation(operation: PersonOperation): OperationObject {
  const { operationId, summary, answer, schema, example } = operation
  return {
    operationId,
    summary,
    tags: ['persons'],
    parameters: [parameter('Pin')],
    [DATA_SUBJECT_EXTENSION]: 'pin',
    responses: {
      '200': json(answer, schema, { 'married-with-children': example }),
      '400': response('InvalidPin'),
      '404': response('PersonNotFound'),
      '500': response('InternalError'),
    },
  }
}
