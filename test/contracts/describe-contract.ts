// Shared conformance suite: a contract against its emitted JSON, the OpenAPI 3.1 schema, and the
// registry app that serves it. Each registry's test file calls `describeContract` once.

import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import type { Hono } from 'hono'
import type {
  OperationObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
} from 'openapi3-ts/oas31'
import { describe, expect, it } from 'vitest'
import {
  CONTRACTS,
  contractUrl,
  DATA_SUBJECT_EXTENSION,
  loadContract,
  serializeContract,
} from '#contracts/index.js'
import {
  createContractValidator,
  deref,
  exampleUrl,
  listOperations,
  matchOperation,
  parametersOf,
  responseSchemaPointer,
  type ContractOperation,
} from './openapi-tools.js'

export interface ContractProbe {
  method?: string
  url: string
  body?: unknown
  headers?: Record<string, string>
}

export interface RegistryUnderTest {
  /** A fresh app per suite; state-changing operations may change its data. */
  createApp(): Hono
  /** Requests that must be answered with documented problems (status ≥ 400). */
  errorProbes: (string | ContractProbe)[]
}

/** The example request body of an operation, if it has one. */
function exampleBody(doc: ReturnType<typeof loadContract>, op: ContractOperation): unknown {
  const requestBody = op.operation.requestBody
  if (!requestBody) return undefined
  const media = deref<RequestBodyObject>(doc, requestBody).content['application/json']
  const example = media?.example ?? Object.values(media?.examples ?? {})[0]
  if (example === undefined) throw new Error(`${op.method} ${op.path} has no request example`)
  return media?.example ?? deref<{ value: unknown }>(doc, example).value
}

/** Top-level properties of an operation's JSON request body: a data subject may name one. */
function bodyPropertiesOf(
  doc: ReturnType<typeof loadContract>,
  operation: OperationObject,
): string[] {
  if (!operation.requestBody) return []
  const media = deref<RequestBodyObject>(doc, operation.requestBody).content['application/json']
  if (media?.schema === undefined) return []
  return Object.keys(deref<SchemaObject>(doc, media.schema).properties ?? {})
}

export function describeContract(name: string, registry: RegistryUnderTest): void {
  const contract = CONTRACTS.find((c) => c.name === name)
  if (!contract) throw new Error(`contract ${name} is not registered in contracts/index.ts`)
  describe(`${name} contract`, () => {
    const doc = loadContract(name)
    const app = registry.createApp()
    const schemaAt = createContractValidator(doc, `urn:kopuro:contract:${name}`)
    const operations = listOperations(doc)

    /** Calls the app and checks status, media type and body against the contract. */
    async function expectConforming(probe: ContractProbe): Promise<[number, unknown]> {
      const method = (probe.method ?? 'get').toLowerCase()
      const url = probe.url
      const op = matchOperation(doc, method, new URL(url, 'http://registry').pathname)
      expect(op, `${method} ${url} is in the contract`).toBeDefined()
      const res = await app.request(url, {
        method: method.toUpperCase(),
        headers: {
          ...(probe.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...probe.headers,
        },
        body: probe.body === undefined ? undefined : JSON.stringify(probe.body),
      })
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

    it('names an existing parameter or body property as the data subject', () => {
      for (const { path, operation } of operations) {
        const subject = operation[DATA_SUBJECT_EXTENSION] as unknown
        if (subject === undefined) continue
        const names = parametersOf(doc, operation).map((parameter) => parameter.name)
        expect([...names, ...bodyPropertiesOf(doc, operation)], path).toContain(subject)
      }
    })

    it('serves every operation, answering its examples with the documented example', async () => {
      for (const op of operations) {
        const [status, body] = await expectConforming({
          method: op.method,
          url: exampleUrl(doc, op),
          body: exampleBody(doc, op),
        })
        const success = Object.keys(op.operation.responses ?? {}).find((s) => s.startsWith('2'))!
        expect(status, `${op.method} ${op.path}`).toBe(Number(success))
        const ok = deref<ResponseObject>(doc, op.operation.responses?.[success])
        const examples = Object.values(ok.content?.['application/json']?.examples ?? {})
        expect(examples.length, `${op.path} has a 200 example`).toBeGreaterThan(0)
        for (const example of examples) expect(body).toEqual(deref(doc, example).value)
      }
    })

    it.each(
      registry.errorProbes.map((p) => [typeof p === 'string' ? p : `${p.method} ${p.url}`, p]),
    )('answers %s with a documented problem', async (_label, p) => {
      const [status, body] = await expectConforming(typeof p === 'string' ? { url: p } : p)
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
  })
}
