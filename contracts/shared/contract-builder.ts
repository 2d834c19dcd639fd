// The skeleton every registry contract shares: OpenAPI 3.1, the backend placeholder, components.
import {
  OpenApiBuilder,
  type ParameterObject,
  type RequestBodyObject,
  type ResponseObject,
  type SchemaObject,
  type TagObject,
} from 'openapi3-ts/oas31'

export interface ContractSkeleton {
  title: string
  version: string
  description: string
  /** The registry's default port, for the server placeholder. */
  port: number
  tags: TagObject[]
  schemas: Record<string, SchemaObject>
  parameters: Record<string, ParameterObject>
  responses: Record<string, ResponseObject>
  requestBodies?: Record<string, RequestBodyObject>
}

/**
 * Starts a registry contract with its components registered; the caller adds the paths.
 *
 * @example createContractBuilder({ title, version, description, port: 8101, tags, schemas, parameters, responses }).addPath(…)
 */
export function createContractBuilder(s: ContractSkeleton): OpenApiBuilder {
  const builder = OpenApiBuilder.create({
    openapi: '3.1.0',
    info: { title: s.title, version: s.version },
    paths: {},
  })
    .addDescription(s.description)
    .addServer({
      url: 'http://127.0.0.1:{port}',
      description:
        'Placeholder: the provider gateway routes to the backend configured for the service.',
      variables: { port: { default: String(s.port) } },
    })
  for (const tag of s.tags) builder.addTag(tag)
  for (const [key, value] of Object.entries(s.schemas)) builder.addSchema(key, value)
  for (const [key, value] of Object.entries(s.parameters)) builder.addParameter(key, value)
  for (const [key, value] of Object.entries(s.requestBodies ?? {}))
    builder.addRequestBody(key, value)
  for (const [key, value] of Object.entries(s.responses)) builder.addResponse(key, value)
  return builder
}

/** `$ref`s to the contract's own components. */
export const parameterRef = (name: string) => ({ $ref: `#/components/parameters/${name}` })
export const responseRef = (name: string) => ({ $ref: `#/components/responses/${name}` })

/** A JSON response whose body is schema `schema`, with named examples. */
export function jsonResponse(
  description: string,
  schema: string,
  examples: Record<string, unknown>,
) {
  const named = Object.entries(examples).map(([name, value]) => [name, { value }])
  return {
    description,
    content: {
      'application/json': {
        schema: { $ref: `#/components/schemas/${schema}` },
        examples: Object.fromEntries(named),
      },
    },
  }
}
