// Estonia's data-tracker protocol (andmejälgija, findUsage v2) answered from the usage index.
import { GatewayError } from '../lib/errors.js'
import { personCodeOf } from './person-code.js'
import type { UsageEntry, UsagePage, UsageQuery } from './usage-index.js'

/** The service code the provider gateway reserves for the data tracker. */
export const FIND_USAGE_SERVICE_CODE = 'findUsage'

/** Protocol: `limit` defaults to 1000; larger pages are cut to it. */
export const FIND_USAGE_MAX_LIMIT = 1000

/** A request to `/r1/{provider subsystem}/findUsage/…`. */
export interface UsageRequest {
  method: string
  /** The provider subsystem the request names, `KG/GOV/70000001/population`. */
  subsystem: string
  /** The path below the service code, as received: `/v2/findUsage`. */
  path: string
  /** The raw query string without `?`. */
  query: string
  /** `X-Road-UserId`: the citizen, authenticated by the portal that calls. */
  userId?: string
}

/** What the protocol handler needs from the tracker. */
export interface UsageSource {
  subjectHash(pin: string): string
  listUsages(subjectHash: string, query: UsageQuery): UsagePage
  usagePeriod(): { periodStart: string; periodEnd?: string }
  /** The member's name in the directory, when it has one. */
  memberName(memberId: string): string | undefined
}

/** One usage as the protocol lists it (`Usage` in dumonitor-openapi-v2). */
export interface UsageItem {
  logtime: string
  action: string
  receiverCode: string
  receiverName?: string
  receiverSystem: string
}

/**
 * Answers `GET …/findUsage/v2/findUsage`, `…/v2/usagePeriod` and `…/v2/heartbeat` (e-gov/AJ,
 * Kasutusteabe esitamise protokoll v2). Refusals are GatewayErrors; nothing from the request is
 * echoed back.
 *
 * @example answerUsageRequest(source, { method: 'GET', subsystem, path: '/v2/heartbeat', query })
 */
export function answerUsageRequest(source: UsageSource, request: UsageRequest): unknown {
  if (request.method.toUpperCase() !== 'GET') {
    throw new GatewayError('client.bad_request', { cause: new Error('findUsage is GET only') })
  }
  switch (request.path) {
    case '/v2/findUsage':
      return findUsage(source, request)
    case '/v2/usagePeriod':
      return source.usagePeriod()
    case '/v2/heartbeat':
      return { status: 'OK', message: 'The data tracker is answering from the message log' }
    default:
      throw new GatewayError('server.serverproxy.unknown_service', {
        cause: new Error('no such data-tracker operation'),
      })
  }
}

/** The citizen's PIN from `X-Road-UserId`, or undefined when it names no person. */
export function requestingPerson(request: UsageRequest): string | undefined {
  return personCodeOf(request.userId)
}

function findUsage(source: UsageSource, request: UsageRequest): unknown {
  const params = new URLSearchParams(request.query)
  const one = (name: string): string | undefined => {
    const values = params.getAll(name)
    if (values.length > 1) throw badRequest(`repeated parameter ${name}`)
    return values[0]
  }
  const person = requestingPerson(request)
  if (person === undefined) throw badRequest('X-Road-UserId does not name a person')
  const userCode = personCodeOf(one('userCode'), true)
  if (userCode === undefined) throw badRequest('userCode does not name a person')
  if (userCode !== person) {
    // Protocol: a citizen sees their own usage; representation rights are not modelled here.
    throw new GatewayError('server.serverproxy.access_denied', {
      message: 'A person may look up only the use of their own data',
    })
  }
  const page = source.listUsages(source.subjectHash(person), {
    includeCovert: false,
    subsystem: request.subsystem,
    fromMs: time(one('periodStart'), 'periodStart'),
    toMs: time(one('periodEnd'), 'periodEnd'),
    offset: count(one('offset'), 'offset') ?? 0,
    limit: Math.min(count(one('limit'), 'limit') ?? FIND_USAGE_MAX_LIMIT, FIND_USAGE_MAX_LIMIT),
  })
  return { totalUsages: page.total, usages: page.usages.map((u) => usageItem(source, u)) }
}

function usageItem(source: UsageSource, usage: UsageEntry): UsageItem {
  const [instance, memberClass, memberCode, subsystemCode] = usage.client.split('/')
  const name = source.memberName(`${instance}/${memberClass}/${memberCode}`)
  return {
    logtime: new Date(usage.at).toISOString(),
    action: usage.purpose ?? usage.operation ?? usage.service.split('/').at(-1)!,
    receiverCode: memberCode!,
    ...(name === undefined ? {} : { receiverName: name }),
    receiverSystem: subsystemCode!,
  }
}

/** RFC 3339 date-time (the protocol's `format: date-time`); without an offset it is UTC. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})?$/

function time(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const m = DATE_TIME.exec(value)
  const ms = m
    ? Date.parse(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${(m[4] ?? 'Z').toUpperCase()}`)
    : NaN
  if (Number.isNaN(ms)) throw badRequest(`${name} is not an RFC 3339 date-time`)
  return ms
}

function count(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^[0-9]{1,9}$/.test(value)) throw badRequest(`${name} is not a non-negative integer`)
  return Number(value)
}

function badRequest(reason: string): GatewayError {
  return new GatewayError('client.bad_request', { cause: new Error(reason) })
}
