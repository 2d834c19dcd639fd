// A small registry with a strict contract, for testing the gateway's contract enforcement.
import { writeFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { OpenAPIObject } from 'openapi3-ts/oas31'

const Item = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: { type: 'integer' }, name: { type: 'string' } },
  additionalProperties: false,
}

export const ECHO_CONTRACT: OpenAPIObject = {
  openapi: '3.1.0',
  info: { title: 'Echo register', version: '1.0.0' },
  servers: [{ url: 'http://127.0.0.1' }],
  paths: {
    '/echo/items': {
      get: {
        operationId: 'searchItems',
        summary: 'Search items',
        parameters: [
          { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
        ],
        responses: {
          '200': {
            description: 'Items',
            content: { 'application/json': { schema: { type: 'array', items: Item } } },
          },
        },
      },
      post: {
        operationId: 'createItem',
        summary: 'Create an item',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string', maxLength: 100 },
                  tags: { type: 'array', items: { type: 'string' } },
                  nested: {},
                  amount: { type: 'number' },
                },
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '201': { description: 'Created', content: { 'application/json': { schema: Item } } },
        },
      },
    },
    '/echo/items/{id}': {
      get: {
        operationId: 'getItem',
        summary: 'One item',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
          { name: 'X-Echo-Tenant', in: 'header', schema: { type: 'string' } },
        ],
        responses: {
          '200': { description: 'The item', content: { 'application/json': { schema: Item } } },
          '404': {
            description: 'Not found',
            content: { 'application/problem+json': { schema: { type: 'object' } } },
          },
        },
      },
    },
  },
}

/** What the echo registry last received: method, path and headers as they arrived. */
export interface EchoRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
}

/** Item 13 is answered in breach of the contract (a string id and an extra field). */
export async function startEchoService(): Promise<{
  url: string
  requests: () => number
  lastRequest: () => EchoRequest | undefined
  close(): Promise<void>
}> {
  let requests = 0
  let last: EchoRequest | undefined
  const server: Server = createServer((req, res) => {
    requests++
    last = { method: req.method ?? '', url: req.url ?? '', headers: req.headers }
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://echo')
      const id = url.pathname.split('/')[3]
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      if (req.method === 'POST')
        return reply(201, { id: 7, name: (JSON.parse(body) as { name: string }).name })
      if (id === undefined) return reply(200, [{ id: 1, name: 'one' }])
      if (id === '13') return reply(200, { id: 'thirteen', name: 'bad', secret: 'leak' })
      return reply(200, { id: Number(id), name: `item ${id}` })
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    lastRequest: () => last,
    close: () => new Promise((r) => server.close(() => r())),
  }
}

export async function writeEchoContract(file: string): Promise<string> {
  await writeFile(file, JSON.stringify(ECHO_CONTRACT))
  return file
}
