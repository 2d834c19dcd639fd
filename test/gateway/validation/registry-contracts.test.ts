// Every registry contract compiles into gateway validators, and its own examples pass them.
import { describe, expect, it } from 'vitest'
import { CONTRACTS, loadContract } from '#contracts/index.js'
import { normaliseServicePath } from '#gateway/access/index.js'
import { deriveEndpoints, matchEndpoint } from '#gateway/publication/index.js'
import { createContractValidator } from '#gateway/validation/index.js'
import type {
  ExampleObject,
  OpenAPIObject,
  OperationObject,
  RequestBodyObject,
} from 'openapi3-ts/oas31'
import { deref, exampleUrl, listOperations } from '../../contracts/openapi-tools.js'

describe.each(CONTRACTS.map((c) => [c.name]))('the %s contract at the gateway', (name) => {
  const contract = loadContract(name)
  const endpoints = deriveEndpoints(contract, '')
  const validator = createContractValidator(contract, endpoints, 'request+response')

  it('derives one endpoint per operation, with {param} as *', () => {
    expect(endpoints).toHaveLength(listOperations(contract).length)
    for (const e of endpoints) expect(e.path).not.toMatch(/[{}]/)
  })

  it('accepts each operation’s example request, and refuses it with a path that has no operation', () => {
    for (const op of listOperations(contract)) {
      const url = new URL(exampleUrl(contract, op), 'http://registry')
      const segments = normaliseServicePath(url.pathname).segments
      const method = op.method.toUpperCase()
      const endpoint = matchEndpoint(endpoints, method, segments)
      expect(endpoint?.contractPath).toBe(op.path)
      const body = op.operation.requestBody ? exampleBody(contract, op.path, op.method) : ''
      const request = {
        endpoint,
        segments,
        query: url.search.slice(1),
        contentType: 'application/json',
        body: new TextEncoder().encode(body),
      }
      expect(() => validator.validateRequest(request), `${method} ${url}`).not.toThrow()
      expect(() => validator.validateRequest({ ...request, endpoint: undefined })).toThrow()
    }
  })
})

function exampleBody(contract: OpenAPIObject, path: string, method: string): string {
  const item = contract.paths?.[path] as Record<string, OperationObject>
  const body = deref<RequestBodyObject>(contract, item[method]!.requestBody!)
  const media = body.content['application/json']!
  if (media.example !== undefined) return JSON.stringify(media.example)
  const first = Object.values(media.examples ?? {})[0]!
  return JSON.stringify(deref<ExampleObject>(contract, first).value)
}
