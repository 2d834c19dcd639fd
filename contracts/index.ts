// The registry of contracts: each registry's OpenAPI builder, and the emitted JSON on disk.

import { readFileSync } from 'node:fs'
import type { OpenAPIObject } from 'openapi3-ts/oas31'
import { buildBusinessesContract } from './businesses/build.js'
import { buildDocumentsContract } from './documents/build.js'
import { buildFinesContract } from './fines/build.js'
import { buildPopulationContract } from './population/build.js'
import { buildVehiclesContract } from './vehicles/build.js'

export interface ContractEntry {
  /** Folder under contracts/ and the service code registries publish it under. */
  name: string
  build(): OpenAPIObject
}

/** Every contract `contracts/emit.ts` writes; add a registry here when its builder exists. */
export const CONTRACTS: readonly ContractEntry[] = [
  { name: 'population', build: buildPopulationContract },
  { name: 'documents', build: buildDocumentsContract },
  { name: 'businesses', build: buildBusinessesContract },
  { name: 'vehicles', build: buildVehiclesContract },
  { name: 'fines', build: buildFinesContract },
]

/** Where a contract's emitted JSON lives. */
export function contractUrl(name: string): URL {
  return new URL(`./${name}/openapi.json`, import.meta.url)
}

/**
 * Reads a contract's emitted JSON (the committed artefact), not the builder.
 *
 * @example
 * const doc = loadContract('population')
 */
export function loadContract(name: string): OpenAPIObject {
  if (!CONTRACTS.some((entry) => entry.name === name)) {
    throw new TypeError(`unknown contract: ${name}`)
  }
  return JSON.parse(readFileSync(contractUrl(name), 'utf8')) as OpenAPIObject
}

export { serializeContract } from './shared/serialize.js'
export { buildPopulationContract, DATA_SUBJECT_EXTENSION } from './population/build.js'
export { buildDocumentsContract } from './documents/build.js'
export { buildBusinessesContract } from './businesses/build.js'
export { buildVehiclesContract } from './vehicles/build.js'
export { buildFinesContract } from './fines/build.js'
