// A sample app's calls through its own gateway: each one recorded, failures turned into codes.
import { KopuroError } from '../../gateway/lib/kopuro-error.js'
import type { CallResult, SandboxClientHandle } from '../sandbox-file.js'

export interface CallRecord {
  method: string
  /** `KG/GOV/70000001/population/persons` */
  service: string
  /** Below the service, with its query: `/22905199138381/address`, `?pin=…`. */
  path: string
  /** Undefined when the app's own gateway gave no answer at all. */
  status?: number
  xRoadId?: string
  /**
   * The provider gateway's response signature came through. The consumer gateway releases a
   * provider's answer only after verifying that signature, its digest and its binding to the
   * request, so a signed answer reaching the app is a verified one.
   */
  signed: boolean
  /** `X-Road-Error`, the registry's problem code, or the network error (`ECONNREFUSED`). */
  error?: string
  /** Who set `error`: a gateway (`X-Road-Error`), the registry, or the network. */
  errorKind?: 'x-road' | 'registry' | 'network'
}

/** A call that did not end in 2xx; `code` is what the app reports and exits on. */
export class AppCallError extends KopuroError<string> {
  readonly call: CallRecord

  constructor(message: string, call: CallRecord, options?: { cause?: unknown }) {
    super(call.error ?? 'unknown', message, options)
    this.name = 'AppCallError'
    this.call = call
  }
}

export interface AppCallerOptions {
  /** `X-Road-UserId` on every call: who, at the app, asks. */
  userId: string
  /** `X-Road-Issue` on every call unless a call names its own: why. */
  issue: string
  /** Sees each call as it completes, also a failed one. */
  onCall?: (call: CallRecord) => void
}

export interface AppCallInit {
  method?: 'GET' | 'POST'
  body?: unknown
  headers?: Record<string, string>
  issue?: string
}

export interface AppResponse<T> {
  body: T
  headers: Record<string, string>
  call: CallRecord
}

export type AppCaller = ReturnType<typeof createAppCaller>

/**
 * Calls services through the app's own gateway with the app's `X-Road-UserId` and
 * `X-Road-Issue`, keeps a record of every call and throws `AppCallError` on anything but 2xx.
 *
 * @example
 * const caller = createAppCaller(sandboxClient(sandbox, CLIENTS.bank), { userId, issue })
 * const { body } = await caller.call(SERVICES.persons, `/${pin}`)
 */
export function createAppCaller(client: SandboxClientHandle, options: AppCallerOptions) {
  const calls: CallRecord[] = []

  async function call<T>(service: string, path: string, init: AppCallInit = {}) {
    const method = init.method ?? 'GET'
    let result: CallResult
    try {
      result = await client.call(`${service}${path}`, {
        method,
        body: init.body,
        headers: init.headers,
        userId: options.userId,
        issue: init.issue ?? options.issue,
      })
    } catch (e) {
      const code = networkErrorCode(e)
      const record: CallRecord = { method, service, path, signed: false, errorKind: 'network' }
      record.error = code ?? 'gateway_call_failed'
      finish(record)
      const message = code
        ? unreachableMessage(client.consumerUrl, code)
        : `calling its own gateway at ${client.consumerUrl} failed: ${(e as Error).message}`
      throw new AppCallError(message, record, { cause: e })
    }
    const record = callRecord(method, service, path, result)
    finish(record)
    if (record.error !== undefined) {
      throw new AppCallError(`${method} ${service}${path} answered ${record.status}`, record)
    }
    return { body: result.json as T, headers: result.headers, call: record }
  }

  function finish(record: CallRecord): void {
    calls.push(record)
    options.onCall?.(record)
  }

  return { clientId: client.id, consumerUrl: client.consumerUrl, calls, call }
}

/** What one answer says about the exchange, from the headers the own gateway returned. */
export function callRecord(
  method: string,
  service: string,
  path: string,
  result: Pick<CallResult, 'status' | 'headers' | 'json'>,
): CallRecord {
  const record: CallRecord = {
    method,
    service,
    path,
    status: result.status,
    xRoadId: result.headers['x-road-id'],
    signed: isSignedResponse(result.headers),
  }
  if (result.status < 200 || result.status > 299) {
    record.error = errorCode(result)
    record.errorKind = result.headers['x-road-error'] ? 'x-road' : 'registry'
  }
  return record
}

/** A provider's response signature is tagged `kopuro-response` (RFC 9421 §2.3 `tag`). */
export function isSignedResponse(headers: Record<string, string>): boolean {
  return (
    headers['signature'] !== undefined &&
    /;tag="kopuro-response"/.test(headers['signature-input'] ?? '')
  )
}

/** The gateway's `X-Road-Error`, else the registry's problem type (RFC 9457), else the status. */
export function errorCode(result: Pick<CallResult, 'status' | 'headers' | 'json'>): string {
  const xRoadError = result.headers['x-road-error']
  if (xRoadError) return xRoadError
  const type = (result.json as { type?: unknown } | undefined)?.type
  if (typeof type === 'string' && type !== 'about:blank') return type.split('/').at(-1)!
  return `http_${result.status}`
}

/** The system error code (`ECONNREFUSED`, …) somewhere in a failed request's cause chain. */
export function networkErrorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as NodeJS.ErrnoException).code
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code
    const nested = e instanceof AggregateError ? e.errors[0] : undefined
    e = nested ?? e.cause
  }
  return undefined
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
}

function unreachableMessage(consumerUrl: string, code: string): string {
  const why = NETWORK_ERRORS[code] ?? code
  return `cannot reach its own gateway at ${consumerUrl} (${why})`
}
