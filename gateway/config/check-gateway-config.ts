// Check a gateway configuration against its JSON Schema, then the rules that join several keys.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsPlugin from 'ajv-formats'
import { checkGrantSyntax, describeConfiguredGrantProblem } from '../access/index.js'
import {
  isGrantableMetaservice,
  isMetaservice,
  memberOf,
  parseServiceId,
} from '../identifiers/index.js'
import { DEFAULT_LIMITS, type GatewayConfig, type LimitsConfig } from './gateway-config.js'
import { gatewayConfigSchema, limitsSchema } from './gateway-config.schema.js'

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020, formats: string[]) => Ajv2020

let ajv: Ajv2020 | undefined
const compiled = new Map<object, ValidateFunction>()

/**
 * The schema's validator, compiled on first use and kept: nothing is compiled at import, and a
 * config built in code pays only for its `limits` (the whole schema takes a few hundred ms).
 */
function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema)
  if (!validate) {
    // verbose: a pattern's message comes from its schema's description.
    ajv ??= addFormats(new Ajv2020({ strict: true, allErrors: true, verbose: true }), ['uri'])
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  return validate
}

/**
 * Every problem of a configuration, one message per problem, each naming the key by its JSON
 * pointer (`config: /listen/consumerPort must be an integer`); empty when the configuration is
 * valid. The schema first; the checks that join keys only once the shape is right.
 *
 * @example gatewayConfigProblems(JSON.parse(text)) // ['config: /consumer: unknown key "prot"']
 */
export function gatewayConfigProblems(value: unknown): string[] {
  const validate = validatorFor(gatewayConfigSchema)
  if (!validate(value)) return describeErrors(validate.errors ?? [], '')
  return joinedKeyProblems(value as GatewayConfig)
}

/**
 * Throws a TypeError listing every problem, one per line (docs/design.md §9: bad configuration
 * fails at start-up).
 *
 * @example checkGatewayConfig(config) // TypeError: config: /nodeId must be a node id …
 */
export function checkGatewayConfig(config: unknown): asserts config is GatewayConfig {
  const problems = gatewayConfigProblems(config)
  if (problems.length > 0) throw new TypeError(problems.join('\n'))
}

/**
 * Throws a TypeError naming every listener limit Node would refuse or read as "no limit" (0,
 * negative, fractional, a string) and a header timeout longer than the request timeout, so such
 * a value stops the node at start-up; for configs built in code as well as read from a file.
 *
 * @example checkListenerLimits({ maxConnections: { consumer: 0 } }) // throws, naming the field
 */
export function checkListenerLimits(limits: GatewayConfig['limits']): void {
  if (limits === undefined) return
  const validate = validatorFor(limitsSchema)
  const problems = validate(limits)
    ? timeoutProblems(limits)
    : describeErrors(validate.errors ?? [], '/limits')
  if (problems.length > 0) throw new TypeError(problems.join('\n'))
}

/** The rules no schema keyword states: they join several keys, or keys and the node's member. */
function joinedKeyProblems(config: GatewayConfig): string[] {
  const problems: string[] = []
  const member = memberOf(config.nodeId)
  for (const [i, s] of config.services.entries()) {
    if (!URL.canParse(s.url)) problems.push(`config: /services/${i}/url must be a URL`)
    const code = parseServiceId(s.id)!.serviceCode
    if (isMetaservice(code))
      problems.push(`config: /services/${i}/id uses the reserved service code ${code}`)
    if (memberOf(s.id) !== member)
      problems.push(`config: /services/${i}/id is not a service of this node's member ${member}`)
    if (s.validation && s.validation !== 'off' && !s.contract)
      problems.push(`config: /services/${i}/contract is required for validation ${s.validation}`)
  }
  for (const [i, entry] of (config.publishBackends ?? []).entries()) {
    const url = URL.canParse(entry) ? new URL(entry) : undefined
    if (!url || url.username || url.password || url.search)
      problems.push(`config: /publishBackends/${i} must be a URL without credentials or query`)
  }
  // The grant's syntax here; what it names (directory, contracts) once those are loaded.
  for (const [i, g] of config.grants.entries()) {
    const checked = checkGrantSyntax(g)
    if (!checked.ok) problems.push(describeConfiguredGrantProblem(i, checked.problem))
    else if (
      !isGrantableMetaservice(g.service, member) &&
      !config.services.some((s) => s.id === g.service)
    )
      problems.push(`config: /grants/${i}/service ${g.service}: is not a service in /services`)
  }
  return [...problems, ...(config.limits ? timeoutProblems(config.limits) : [])]
}

function timeoutProblems(limits: LimitsConfig): string[] {
  const headers = limits.headersTimeoutMs ?? DEFAULT_LIMITS.headersTimeoutMs
  if (headers <= (limits.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs)) return []
  return ['config: /limits/headersTimeoutMs must not exceed /limits/requestTimeoutMs']
}

/**
 * Ajv's errors as one line each, the key named by its JSON pointer below `prefix`. No value from
 * the file is repeated (a Redis URL may hold a password); an unknown key is named, quoted.
 */
function describeErrors(errors: ErrorObject[], prefix: string): string[] {
  const lines = errors.flatMap((e) => {
    const at = prefix + e.instancePath
    switch (e.keyword) {
      case 'if':
        return [] // the branch's own errors say what is wrong
      case 'additionalProperties':
        return [`config: ${at || '/'}: unknown key ${quoteKey(e.params.additionalProperty)}`]
      case 'required':
        return [`config: ${at}/${e.params.missingProperty as string} is required`]
      default:
        return [`config: ${at || '/'} ${reason(e)}`]
    }
  })
  return [...new Set(lines)]
}

function reason(e: ErrorObject): string {
  const p = e.params
  switch (e.keyword) {
    case 'type':
      return `must be ${/^[aeiou]/.test(p.type) ? 'an' : 'a'} ${p.type as string}`
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).join(', ')}`
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : (e.message ?? 'is invalid')
    case 'minItems':
      return `must list at least ${p.limit as number}`
    case 'pattern':
    case 'format': {
      const description = e.parentSchema?.description
      return typeof description === 'string' ? `must be ${description}` : (e.message ?? '')
    }
    default:
      return e.message ?? 'is invalid'
  }
}

/** A key from the file, quoted and cut short: it is named so a misspelling can be found. */
function quoteKey(key: unknown): string {
  const text = String(key)
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text)
}
