// Builds the vehicles register's OpenAPI 3.1 contract (emitted to contracts/vehicles/).

import {
  createContractBuilder,
  jsonResponse as json,
  parameterRef as parameter,
  responseRef as response,
} from '../shared/contract-builder.js'
import { type OpenAPIObject, type OperationObject } from 'openapi3-ts/oas31'
import { DATA_SUBJECT_EXTENSION } from '../population/build.js'
import {
  EXAMPLE_LICENCE,
  EXAMPLE_LICENCE_PAGE,
  EXAMPLE_VEHICLE,
  EXAMPLE_VEHICLE_PAGE,
} from './examples.js'
import { VEHICLES_PARAMETERS, VEHICLES_RESPONSES } from './parameters.js'
import { VEHICLES_SCHEMAS } from './schemas.js'

export const VEHICLES_CONTRACT_VERSION = '1.0.0'

const DESCRIPTION = [
  'Mock vehicles and driving licences register, derived from the synthetic population shared by',
  'all kopuro registries. It publishes two services, each under its own path prefix:',
  '`vehicles` (`/vehicles…`) and `licences` (`/licences…`).',
  'Plates are written without spaces (`01KG509BAM`). Errors are RFC 9457 problem details.',
  '`GET /health` (liveness) is operational and deliberately not part of this contract.',
].join(' ')

/**
 * Builds the contract: every operation, its parameters, schemas, examples and problem responses.
 *
 * @example
 * const doc = buildVehiclesContract()
 * doc.paths?.['/vehicles/{plate}']?.get?.operationId // 'getVehicle'
 */
export function buildVehiclesContract(): OpenAPIObject {
  const builder = createContractBuilder({
    title: 'Vehicles register',
    version: VEHICLES_CONTRACT_VERSION,
    description: DESCRIPTION,
    port: 8102,
    tags: [
      { name: 'vehicles', description: 'Service `vehicles`: registered vehicles.' },
      { name: 'licences', description: 'Service `licences`: driving licences.' },
    ],
    schemas: VEHICLES_SCHEMAS,
    parameters: VEHICLES_PARAMETERS,
    responses: VEHICLES_RESPONSES,
  })
  return builder
    .addPath('/vehicles', { get: searchVehicles() })
    .addPath('/vehicles/{plate}', { get: getVehicle() })
    .addPath('/licences', { get: searchLicences() })
    .addPath('/licences/{pin}', { get: getLicence() })
    .getSpec()
}

function searchVehicles(): OperationObject {
  return {
    operationId: 'searchVehicles',
    summary: 'Search vehicles by owner or make',
    description:
      'At least one of `ownerPin`, `make` is required (the register cannot be listed whole). ' +
      'Filters combine; results keep register order. An unknown owner has no vehicles.',
    tags: ['vehicles'],
    parameters: ['OwnerPin', 'Make', 'Page', 'Limit'].map(parameter),
    [DATA_SUBJECT_EXTENSION]: 'ownerPin',
    responses: {
      '200': json('A page of matching vehicles.', 'VehiclePage', {
        'by-owner-and-make': EXAMPLE_VEHICLE_PAGE,
      }),
      '400': response('InvalidQuery'),
      '500': response('InternalError'),
    },
  }
}

function getVehicle(): OperationObject {
  return {
    operationId: 'getVehicle',
    summary: 'Get a vehicle by plate',
    tags: ['vehicles'],
    parameters: [parameter('Plate')],
    responses: {
      '200': json('The vehicle’s register entry.', 'Vehicle', { motorcycle: EXAMPLE_VEHICLE }),
      '400': response('InvalidPlate'),
      '404': response('VehicleNotFound'),
      '500': response('InternalError'),
    },
  }
}

function searchLicences(): OperationObject {
  return {
    operationId: 'searchLicences',
    summary: 'List driving licences by category',
    description: '`category` is required; `status` narrows the list. Results keep register order.',
    tags: ['licences'],
    parameters: ['Category', 'LicenceStatus', 'Page', 'Limit'].map(parameter),
    responses: {
      '200': json('A page of matching licences.', 'LicencePage', {
        'expired-bus-licences': EXAMPLE_LICENCE_PAGE,
      }),
      '400': response('InvalidQuery'),
      '500': response('InternalError'),
    },
  }
}

function getLicence(): OperationObject {
  return {
    operationId: 'getLicence',
    summary: 'Get a person’s driving licence',
    tags: ['licences'],
    parameters: [parameter('Pin')],
    [DATA_SUBJECT_EXTENSION]: 'pin',
    responses: {
      '200': json('The person’s current driving licence.', 'Licence', { valid: EXAMPLE_LICENCE }),
      '400': response('InvalidPin'),
      '404': response('LicenceNotFound'),
      '500': response('InternalError'),
    },
  }
}
