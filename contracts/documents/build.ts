// Builds the civil documents register's OpenAPI 3.1 contract (emitted to contracts/documents/).

import {
  createContractBuilder,
  jsonResponse as json,
  parameterRef as parameter,
  responseRef as response,
} from '../shared/contract-builder.js'
import { type OpenAPIObject, type OperationObject } from 'openapi3-ts/oas31'
import { DATA_SUBJECT_EXTENSION } from '../population/build.js'
import {
  EXAMPLE_BIRTH_CERTIFICATE,
  EXAMPLE_ISSUE_REQUEST,
  EXAMPLE_ISSUED,
  EXAMPLE_PAGE,
} from './examples.js'
import { DOCUMENTS_PARAMETERS, DOCUMENTS_RESPONSES } from './parameters.js'
import { DOCUMENTS_SCHEMAS } from './schemas.js'

export const DOCUMENTS_CONTRACT_VERSION = '1.0.0'

const DESCRIPTION = [
  'Mock civil documents register (service code `certificates`) over the synthetic Kyrgyz',
  'population shared by all kopuro registries: issues residence, no-criminal-record and birth',
  'certificates, each sealed with a SHA-256 digest of its canonical JSON, and finds them again.',
  'Issued certificates are held in memory by each register instance; a fresh instance holds two',
  'sample certificates of the demo citizen 22905199138381 (a birth certificate issued',
  '2024-11-18 and a residence certificate issued 2024-12-02), which the examples use.',
  'About 5% of persons aged 16 or more have an entry in the (synthetic) criminal records',
  'register, decided by the seed and the PIN; a no-criminal-record certificate is refused for',
  'them (422 `certificate-refused`). Errors are RFC 9457 problem details.',
  '`x-kopuro-data-subject` names the parameter holding the data subject’s PIN; on',
  '`POST /certificates`, which has no such parameter, it names the request body property `pin`.',
  '`GET /certificates/{id}` has no data subject in the request: the holder is the `pin` of the',
  'certificate returned.',
  '`GET /health` (liveness) is operational and deliberately not part of this contract.',
].join(' ')

/**
 * Builds the contract: every operation, its parameters, schemas, examples and problem responses.
 *
 * @example
 * const doc = buildDocumentsContract()
 * doc.paths?.['/certificates']?.post?.operationId // 'issueCertificate'
 */
export function buildDocumentsContract(): OpenAPIObject {
  const builder = createContractBuilder({
    title: 'Civil documents register',
    version: DOCUMENTS_CONTRACT_VERSION,
    description: DESCRIPTION,
    port: 8105,
    tags: [{ name: 'certificates', description: 'Certificates issued by the civil registry.' }],
    schemas: DOCUMENTS_SCHEMAS,
    parameters: DOCUMENTS_PARAMETERS,
    responses: DOCUMENTS_RESPONSES,
  })
  return builder
    .addPath('/certificates', { get: listCertificates(), post: issueCertificate() })
    .addPath('/certificates/{id}', { get: getCertificate() })
    .getSpec()
}

function issueCertificate(): OperationObject {
  return {
    operationId: 'issueCertificate',
    summary: 'Issue a certificate',
    description:
      'Issues a certificate about the person named by `pin`, from the population register’s ' +
      'facts. Residence: the registered address (valid 90 days; refused for a deceased person). ' +
      'No criminal record: valid 30 days; refused when the criminal records register has an ' +
      'entry. Birth: date and place of birth and the parents’ names (does not expire). ' +
      'Send an `Idempotency-Key` so a retry cannot issue twice.',
    tags: ['certificates'],
    parameters: [parameter('IdempotencyKey')],
    [DATA_SUBJECT_EXTENSION]: 'pin',
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/IssueCertificateRequest' },
          examples: { 'no-criminal-record-for-employment': { value: EXAMPLE_ISSUE_REQUEST } },
        },
      },
    },
    responses: {
      '201': {
        ...json('The issued certificate.', 'Certificate', {
          'no-criminal-record-for-employment': EXAMPLE_ISSUED,
        }),
        headers: {
          Location: {
            description: 'Where the certificate can be fetched again.',
            schema: { type: 'string', format: 'uri-reference' },
          },
          'Idempotent-Replayed': {
            description: '`true` when this is the stored response to an earlier request.',
            schema: { type: 'string', const: 'true' },
          },
        },
      },
      '400': response('InvalidRequest'),
      '404': response('PersonNotFound'),
      '409': response('RequestInProgress'),
      '413': response('BodyTooLarge'),
      '415': response('UnsupportedMediaType'),
      '422': response('IssueRefused'),
      '500': response('InternalError'),
    },
  }
}

function listCertificates(): OperationObject {
  return {
    operationId: 'listCertificates',
    summary: 'List a person’s certificates',
    description: 'Certificates issued to the person, newest first; `pin` is required.',
    tags: ['certificates'],
    parameters: ['Pin', 'Type', 'Page', 'Limit'].map(parameter),
    [DATA_SUBJECT_EXTENSION]: 'pin',
    responses: {
      '200': json('A page of the person’s certificates.', 'CertificatePage', {
        'residence-certificates': EXAMPLE_PAGE,
      }),
      '400': response('InvalidQuery'),
      '404': response('PersonNotFound'),
      '500': response('InternalError'),
    },
  }
}

function getCertificate(): OperationObject {
  return {
    operationId: 'getCertificate',
    summary: 'Get a certificate by number',
    description: 'The certificate exactly as issued; its digest can be checked by the recipient.',
    tags: ['certificates'],
    parameters: [parameter('CertificateId')],
    responses: {
      '200': json('The certificate.', 'Certificate', {
        'birth-certificate': EXAMPLE_BIRTH_CERTIFICATE,
      }),
      '400': response('InvalidCertificateId'),
      '404': response('CertificateNotFound'),
      '500': response('InternalError'),
    },
  }
}
