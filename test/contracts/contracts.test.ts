// Every contract against its emitted JSON, the OpenAPI 3.1 schema, and the registry that serves it.

import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import type { Hono } from 'hono'
import type { OpenAPIObject, ResponseObject } from 'openapi3-ts/oas31'
import { describe, expect, it } from 'vitest'
import {
  CONTRACTS,
  contractUrl,
  DATA_SUBJECT_EXTENSION,
  loadContract,
  serializeContract,
} from '../../contracts/index.js'
import { createPopulationApp } from '../../services/population/index.js'
import {
  createContractValidator,
  deref,
  exampleUrl,
  listOperations,
  matchOperation,
  parametersOf,
  responseSchemaPointer,
} from './openapi-tools.js'

/** The app serving each contract, and requests that must hit documented error responses. */
const REGISTRIES: Record<string, { createApp(): Hono; errorProbes: string[] }> = {
  population: {
    createApp: () => createPopulationApp(),
    errorProbes: [
      '/persons/123',
      '/persons/12345678901234x',
      '/persons/29999999999999',
      '/persons/29999999999999/family',
      '/persons/1234/address',
      '/persons',
      '/persons?lastName=X&limit=0',
      '/persons?dateOfBirth=2001-02-29',
    ],
  },
}

describe.each(CONTRACTS.map((contract) => [contract.name, contract] as const))(
  '%s contract',
  (name, contract) => {
    const doc = loadContract(name)
    const registry = REGISTRIES[name]
    if (registry === undefined) throw new Error(`no registry app for contract ${name}`)
    const app = registry.createApp()
    const schemaAt = createContractValidator(doc, `urn:kopuro:contract:${name}`)
    const operations = listOperations(doc)

    /** Calls the app and checks status, media type and body against the contract. */
    async function expectConforming(method: string, url: string): Promise<[number, unknown]> {
      const op = matchOperation(doc, method, new URL(url, 'http://registry').pathname)
      expect(op, `${method} ${url} is in the contract`).toBeDefined()
      const res = await app.request(url, { method: method.toUpperCase() })
      const status = String(res.status)
      expect(Object.keys(op!.operation.responses ?? {}), `${url} → ${status}`).toContain(status)
      const mediaType = (res.headers.get('content-type') ?? '').split(';')[0] ?? ''
      const pointer = responseSchemaPointer(doc, op!, status, mediaType)
      expect(pointer, `${url} → ${status} ${mediaType} is documented`).toBeDefined()
      const body: unknown = await res.json()
      const validate = schemaAt(pointer!)
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true)
      return [res.status, body]
    }

    it('emitted JSON is not stale', () => {
      const built = contract.build()
      expect(built).toEqual(doc)
      expect(serializeContract(built)).toBe(readFileSync(contractUrl(name), 'utf8'))
    })

    it('passes the OpenAPI 3.1 schema validator', async () => {
      const result = await new Validator().validate(readFileSync(contractUrl(name), 'utf8'))
      expect(result.errors).toBeUndefined()
      expect(result.valid).toBe(true)
    })

    it('is OpenAPI 3.1.0 with a backend server placeholder and unique operation ids', () => {
      expect(doc.openapi).toBe('3.1.0')
      expect(doc.servers?.[0]?.url).toBeTypeOf('string')
      const ids = operations.map(({ operation }) => operation.operationId)
      expect(ids.every((id) => typeof id === 'string')).toBe(true)
      expect(new Set(ids).size).toBe(ids.length)
      for (const { operation } of operations) expect(operation.summary).toBeTruthy()
    })

    it('names an existing path or query parameter as the data subject', () => {
      for (const { path, operation } of operations) {
        const subject = operation[DATA_SUBJECT_EXTENSION] as unknown
        if (subject === undefined) continue
        const names = parametersOf(doc, operation).map((parameter) => parameter.name)
        expect(names, path).toContain(subject)
      }
    })

    it('serves every operation, answering its examples with the documented example', async () => {
      for (const op of operations) {
        const [status, body] = await expectConforming(op.method, exampleUrl(doc, op))
        expect(status, `${op.method} ${op.path}`).toBe(200)
        const ok = deref<ResponseObject>(doc, op.operation.responses?.['200'])
        const examples = Object.values(ok.content?.['application/json']?.examples ?? {})
        expect(examples.length, `${op.path} has a 200 example`).toBeGreaterThan(0)
        for (const example of examples) expect(body).toEqual(deref(doc, example).value)
      }
    })

    it.each(registry.errorProbes)('answers %s with a documented problem', async (url) => {
      const [status, body] = await expectConforming('get', url)
      expect(status).toBeGreaterThanOrEqual(400)
      expect(body).toMatchObject({ status })
    })

    it('documents problems as application/problem+json with examples that fit the schema', () => {
      for (const op of operations) {
        for (const [status, raw] of Object.entries(op.operation.responses ?? {})) {
          if (Number(status) < 400) continue
          const pointer = responseSchemaPointer(doc, op, status, 'application/problem+json')
          expect(pointer, `${op.path} ${status}`).toBeDefined()
          const media = deref<ResponseObject>(doc, raw as ResponseObject).content
          for (const example of Object.values(
            media?.['application/problem+json']?.examples ?? {},
          )) {
            expect(schemaAt(pointer!)(deref(doc, example).value)).toBe(true)
          }
        }
      }
    })
  },
)

describe('loadContract', () => {
  it('refuses an unknown contract name', () => {
    expect(() => loadContract('../etc/passwd')).toThrow(TypeError)
  })

  it('reads the emitted document', () => {
    const doc: OpenAPIObject = loadContract('population')
    expect(doc.info.title).toBe('Population register')
  })
})
