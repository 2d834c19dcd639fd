// Turns an admin request's JSON body into a typed operation, checking field names and types only.
import { AuthorityError } from '../authority-error.js'
import { isOperationName, OPERATION_FIELDS, type Operation } from './operations.js'

/** No field of any operation needs more (a PEM certificate is the largest). */
const MAX_STRING_LENGTH = 16_384

/**
 * Checks `body` against the operation's allow-listed fields (names and JSON types). Values are
 * checked by the operation itself, against the registry.
 *
 * @example const operation = parseOperation('register-member', await readJsonBody(c, maxBodyBytes))
 */
export function parseOperation(name: string, body: unknown): Operation {
  if (!isOperationName(name)) throw new AuthorityError('unknown_operation')
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('the body must be a JSON object')
  }
  const fields = OPERATION_FIELDS[name]
  const input = body as Record<string, unknown>
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(fields, key))
      throw invalid('the body has a field this operation does not take')
  }
  for (const [key, type] of Object.entries(fields)) {
    const value = input[key]
    if (value === undefined && type.endsWith('?')) continue
    if (!hasType(value, type.replace('?', '')))
      throw invalid(`field ${key} must be a ${type.replace('?', '')}`)
  }
  return { ...input, op: name } as Operation
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'string') return typeof value === 'string' && value.length <= MAX_STRING_LENGTH
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value)
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function invalid(detail: string): AuthorityError {
  return new AuthorityError('invalid_request', { detail })
}
