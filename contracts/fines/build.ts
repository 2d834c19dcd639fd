// Builds the fines register's OpenAPI 3.1 contract (emitted to contracts/fines/).

import {
  createContractBuilder,
  jsonResponse as json,
  parameterRef as parameter,
  responseRef as response,
} from '../shared/contract-builder.js'
import { type OpenAPIObject, type OperationObject } from 'openapi3-ts/oas31'
import { DATA_SUBJECT_EXTENSION } from '../population/build.js'
import { EXAMPLE_FINE, EXAMPLE_FINE_PAGE, EXAMPLE_RECEIPT } from './examples.js'
import { FINES_PARAMETERS, FINES_REQUEST_BODIES, FINES_RESPONSES } from './parameters.js'
import { FINES_SCHEMAS } from './schemas.js'

export const FINES_CONTRACT_VERSION = '1.0.0'

const DESCRIPTION = [
  'Mock traffic fines register: fines recorded against vehicles of the vehicles register and',
  'owed by their owners, persons of the synthetic population shared by all kopuro registries.',
  'One service, `fines`, under the path prefix `/fines`. Paying is idempotent per',
  '`Idempotency-Key`. Errors are RFC 9457 problem details.',
  '`GET /health` (liveness) is operational and deliberately not part of this contract.',
].join(' ')

/**
 * Builds the contract: every operation, its parameters, schemas, examples and problem responses.
 *
 * @example
 * const doc = buildFinesContract()
 * doc.paths?.['/fines/{fineId}/payments']?.post?.operationId // 'payFine'
 */
export function buildFinesContract(): OpenAPIObject {
  const builder = createContractBuilder({
    title: 'Traffic fines register',
    version: FINES_CONTRACT_VERSION,
    description: DESCRIPTION,
    port: 8103,
    tags: [{ name: 'fines', description: 'Service `fines`: traffic fines and their payment.' }],
    schemas: FINES_SCHEMAS,
    parameters: FINES_PARAMETERS,
    responses: FINES_RESPONSES,
    requestBodies: FINES_REQUEST_BODIES,
  })
  return builder
    .addPath('/fines', { get: searchFines() })
    .addPath('/fines/{fineId}', { get: getFine() })
    .addPath('/fines/{fineId}/payments', { post: payFine() })
    .getSpec()
}

function searchFines(): OperationObject {
  return {
    operationId: 'searchFines',
    summary: 'List a person’s fines',
    description:
      '`pin` is required: fines are listed per person, newest first. An unknown person has none.',
    tags: ['fines'],
    parameters: ['Pin', 'FineStatus', 'Page', 'Limit'].map(parameter),
    [DATA_SUBJECT_EXTENSION]: 'pin',
    responses: {
      '200': json('A page of the person’s fines.', 'FinePage', { unpaid: EXAMPLE_FINE_PAGE }),
      '400': response('InvalidQuery'),
      '500': response('InternalError'),
    },
  }
}

function getFine(): OperationObject {
  return {
    operationId: 'getFine',
    summary: 'Get a fine by id',
    tags: ['fines'],
    parameters: [parameter('FineId')],
    responses: {
      '200': json('The fine as it stands now.', 'Fine', { unpaid: EXAMPLE_FINE }),
      '400': response('InvalidFineId'),
      '404': response('FineNotFound'),
      '500': response('InternalError'),
    },
  }
}

function payFine(): OperationObject {
  return {
    operationId: 'payFine',
    summary: 'Pay a fine in full',
    description:
      'The amount must equal the fine’s; the fine becomes paid and a receipt is returned. ' +
      'Send an `Idempotency-Key` so that a retry cannot pay twice.',
    tags: ['fines'],
    parameters: [parameter('FineId'), parameter('IdempotencyKey')],
    requestBody: { $ref: '#/components/requestBodies/PaymentRequest' },
    responses: {
      '201': {
        ...json('The payment receipt.', 'PaymentReceipt', { paid: EXAMPLE_RECEIPT }),
        headers: {
          'Idempotent-Replayed': {
            description: '`true` when this is the stored response to an earlier request.',
            schema: { type: 'string', enum: ['true'] },
          },
        },
      },
      '400': response('InvalidPaymentRequest'),
      '404': response('FineNotFound'),
      '409': response('PaymentConflict'),
      '413': response('BodyTooLarge'),
      '422': response('PaymentUnprocessable'),
      '500': response('InternalError'),
    },
  }
}
