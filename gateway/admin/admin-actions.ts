// Run-time administration on the admin listener: grant and revoke access, disable and enable
// services. Every action is written to the message log as a record before it is acknowledged.
import type { Context, Hono } from 'hono'
import {
  checkGrantSyntax,
  describeGrantProblem,
  validateGrant,
  type AccessPolicy,
  type Grant,
  type GrantCheck,
  type GrantProblem,
  type GrantTargets,
} from '../access/index.js'
import type { AuditLog } from '../audit/index.js'
import type { OpenAPIObject } from 'openapi3-ts/oas31'
import type { ServiceConfig } from '../config/index.js'
import {
  isGrantableMetaservice,
  isMetaservice,
  memberOf,
  parseServiceId,
} from '../identifiers/index.js'
import type { Clock } from '../lib/clock.js'
import { GatewayError } from '../lib/errors.js'
import { newMessageId } from '../lib/ids.js'
import { readRequestJson } from '../lib/read-request-body.js'
import type { AdminChange, AdminChanges } from './admin-changes.js'
import type { AdminEnv, RoleCheck } from './require-roles.js'
import type { Principal, Role } from './role-tokens.js'

/** The largest admin request body: a publication with its contract fits many times over. */
export const MAX_ADMIN_BODY_BYTES = 1024 * 1024

export interface AdminActionsContext {
  nodeId: string
  policy: AccessPolicy
  /** This node's published services by id, with their notice when disabled and their endpoints. */
  services: Map<
    string,
    {
      config: { title?: string; disabledNotice?: string }
      endpoints: { template: (string | undefined)[] }[]
    }
  >
  /** Whether the current directory registers a subsystem: a grant's subject must be one. */
  hasSubsystem: (subsystemId: string) => boolean
  /** Publishes a new service of this member (reachable by no one until granted). */
  publish: (config: ServiceConfig, contract: OpenAPIObject | undefined) => void
  /** Whether a run-time publication may point at this backend URL (the operator's allow-list). */
  backendAllowed: (url: string) => boolean
  /** The raw message log (admin records do not count as exchanges in metrics). */
  log: AuditLog
  /** Where acknowledged changes are kept across restarts. */
  changes: AdminChanges
  now: Clock
}

/**
 * Mounts `GET /admin/services` and `GET /admin/grants` (roles `admin`, `auditor`),
 * `POST /admin/grants`, `POST /admin/grants/revoke`, `POST /admin/services/publish` and
 * `POST /admin/services/{disable,enable}` (role `admin`). Changes take effect on the next
 * request; the log record comes first, so nothing is acknowledged that an auditor could not find.
 */
export function mountAdminActions(
  app: Hono<AdminEnv>,
  requireRoles: (...roles: Role[]) => RoleCheck,
  ctx: AdminActionsContext,
): void {
  app.get('/admin/grants', requireRoles('admin', 'auditor'), (c) =>
    c.json({ grants: ctx.policy.list() }),
  )
  // What this node publishes right now, run-time changes included (they are not in the directory).
  app.get('/admin/services', requireRoles('admin', 'auditor'), (c) => {
    const services = [...ctx.services].map(([id, s]) => ({
      id,
      title: s.config.title ?? null,
      disabled: s.config.disabledNotice !== undefined,
      notice: s.config.disabledNotice ?? null,
    }))
    return c.json({ services })
  })
  app.post('/admin/grants', requireRoles('admin'), async (c) => {
    const principal = c.get('principal')
    const grant = refusedUnlessValid(validateGrant(await readAdminBody(c), grantTargets(ctx)))
    await record(ctx, principal, 'grant', grant.service, { ...grant })
    await keep(ctx, { kind: 'grant', at: now(ctx), grant })
    return c.json({ granted: grant }, 201)
  })
  // A POST, not a DELETE with a body: not every client or proxy passes a DELETE body through.
  app.post('/admin/grants/revoke', requireRoles('admin'), async (c) => {
    const principal = c.get('principal')
    // Shape only: a grant whose subject has left the directory must still be revocable.
    const grant = refusedUnlessValid(checkGrantSyntax(await readAdminBody(c)))
    if (!ctx.policy.has(grant))
      throw new GatewayError('client.bad_request', { message: 'No such grant' })
    await record(ctx, principal, 'revoke', grant.service, { ...grant })
    await keep(ctx, { kind: 'revoke', at: now(ctx), grant })
    return c.json({ revoked: grant })
  })
  app.post('/admin/services/publish', requireRoles('admin'), async (c) => {
    const principal = c.get('principal')
    const { config, contract } = parsePublication(await readAdminBody(c), ctx)
    await record(ctx, principal, 'publish', config.id, {
      url: config.url,
      contract: contract !== undefined,
    })
    await keep(ctx, { kind: 'publish', at: now(ctx), config, ...(contract ? { contract } : {}) })
    return c.json({ published: config.id }, 201)
  })
  // Two exact routes, not one pattern: a pattern route also matched `/admin/services/xenable`.
  for (const action of ['disable', 'enable'] as const) {
    app.post(`/admin/services/${action}`, requireRoles('admin'), (c) =>
      setServiceState(c, ctx, action === 'disable'),
    )
  }
}

/** Disables (with a notice for callers) or enables one published service. */
async function setServiceState(
  c: Context<AdminEnv>,
  ctx: AdminActionsContext,
  disable: boolean,
): Promise<Response> {
  const principal = c.get('principal')
  const input = (await readAdminBody(c)) as { service?: unknown; notice?: unknown }
  const service = ctx.services.get(String(input.service))
  if (!service) throw new GatewayError('client.bad_request', { message: 'Unknown service' })
  if (
    disable &&
    (typeof input.notice !== 'string' || input.notice.length < 1 || input.notice.length > 500)
  ) {
    throw new GatewayError('client.bad_request', {
      message: 'A notice of 1 to 500 characters is required',
    })
  }
  const notice = disable ? (input.notice as string) : undefined
  const id = String(input.service)
  await record(ctx, principal, disable ? 'disable' : 'enable', id, { notice })
  await keep(
    ctx,
    notice !== undefined
      ? { kind: 'disable', at: now(ctx), service: id, notice }
      : { kind: 'enable', at: now(ctx), service: id },
  )
  return c.json({ service: input.service, disabled: disable, notice: notice ?? null })
}

/** What an admin change acts on: the node's access policy, its services, the directory. */
export type AdminChangeTarget = Pick<
  AdminActionsContext,
  'policy' | 'services' | 'publish' | 'hasSubsystem' | 'nodeId' | 'backendAllowed'
>

/**
 * Applies one change: on an acknowledged action, and at start-up for each kept change. A change
 * that no longer applies (its service gone from the configuration) is skipped, not fatal; a kept
 * grant that fails the grant check is skipped too, and its problem returned for the log.
 */
export function applyAdminChange(
  target: AdminChangeTarget,
  change: AdminChange,
): GrantProblem | undefined {
  switch (change.kind) {
    case 'grant': {
      // Fail closed: a grant kept before a check existed, or whose subject left, grants nothing.
      const checked = validateGrant(change.grant, grantTargets(target))
      if (!checked.ok) return checked.problem
      target.policy.grant(checked.grant)
      break
    }
    case 'revoke':
      target.policy.revoke(change.grant)
      break
    case 'publish':
      // Fail closed as for grants: a kept publication the allow-list no longer covers is skipped.
      if (!target.backendAllowed(change.config.url))
        return { field: 'url', value: change.config.url, reason: BACKEND_NOT_ALLOWED }
      if (!target.services.has(change.config.id)) target.publish(change.config, change.contract)
      break
    case 'disable':
    case 'enable': {
      const service = target.services.get(change.service)
      if (service) {
        service.config.disabledNotice = change.kind === 'disable' ? change.notice : undefined
      }
    }
  }
  return undefined
}

/** The log record is written first; then the change is kept durably; only then it applies. */
async function keep(ctx: AdminActionsContext, change: AdminChange): Promise<void> {
  await ctx.changes.append(change).catch((e: unknown) => {
    throw new GatewayError('server.serverproxy.internal_error', { cause: e })
  })
  applyAdminChange(ctx, change)
}

function now(ctx: AdminActionsContext): string {
  return new Date(ctx.now()).toISOString()
}

const BACKEND_NOT_ALLOWED = 'url is outside the publishBackends allow-list of this node'

/** A new service: an id of this member (not a reserved code), an http(s) backend, a contract. */
function parsePublication(
  input: unknown,
  ctx: AdminActionsContext,
): { config: ServiceConfig; contract?: OpenAPIObject } {
  const p = input as {
    id?: unknown
    url?: unknown
    title?: unknown
    validation?: unknown
    contract?: unknown
  }
  const id = typeof p.id === 'string' ? parseServiceId(p.id) : undefined
  const bad = (message: string) => new GatewayError('client.bad_request', { message })
  if (!id || memberOf(p.id as string) !== memberOf(ctx.nodeId))
    throw bad('id must be a service id of this member')
  if (isMetaservice(id.serviceCode) || ctx.services.has(p.id as string))
    throw bad('the service code is reserved or taken')
  if (typeof p.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(p.url))
    throw bad('url must be an http(s) URL')
  if (!ctx.backendAllowed(p.url))
    throw new GatewayError('client.backend_not_allowed', { message: BACKEND_NOT_ALLOWED })
  const validation = p.validation ?? (p.contract ? 'request' : 'off')
  if (!['off', 'request', 'request+response'].includes(validation as string))
    throw bad('unknown validation mode')
  if (validation !== 'off' && (typeof p.contract !== 'object' || p.contract === null))
    throw bad('validation needs a contract')
  const config: ServiceConfig = {
    id: p.id as string,
    url: p.url,
    title: typeof p.title === 'string' ? p.title.slice(0, 200) : undefined,
    validation: validation as ServiceConfig['validation'],
  }
  return { config, contract: (p.contract as OpenAPIObject | undefined) ?? undefined }
}

/**
 * An admin request's JSON body, at most {@link MAX_ADMIN_BODY_BYTES} by bytes read whatever its
 * headers say (docs/design.md §2): over it `client.request_too_large`, not JSON `client.bad_request`.
 */
export function readAdminBody(c: Context): Promise<unknown> {
  return readRequestJson(c.req.raw, MAX_ADMIN_BODY_BYTES)
}

/** What a grant may name on this node: subsystems of the directory, its services' contracts. */
export function grantTargets(
  ctx: Pick<AdminActionsContext, 'services' | 'hasSubsystem' | 'nodeId'>,
): GrantTargets {
  return {
    hasSubsystem: ctx.hasSubsystem,
    endpointsOf: (id: string) =>
      isGrantableMetaservice(id, memberOf(ctx.nodeId))
        ? TRACKER_ENDPOINTS
        : ctx.services.get(id)?.endpoints.map((e) => e.template),
  }
}

/** The data tracker's operations (docs/protocol.md §4.2): its grants may name one of them. */
const TRACKER_ENDPOINTS = [
  ['v2', 'findUsage'],
  ['v2', 'usagePeriod'],
  ['v2', 'heartbeat'],
]

function refusedUnlessValid(checked: GrantCheck): Grant {
  if (checked.ok) return checked.grant
  throw new GatewayError('client.invalid_grant', {
    message: `grant ${describeGrantProblem(checked.problem)}`,
  })
}

/** The admin record: who did what to which service, durable before the change applies. */
async function record(
  ctx: AdminActionsContext,
  principal: Principal,
  kind: string,
  service: string,
  detail: Record<string, unknown>,
): Promise<void> {
  const at = new Date(ctx.now()).toISOString()
  await ctx.log
    .append({
      side: 'admin',
      node: ctx.nodeId,
      xRoadId: newMessageId(),
      requestId: newMessageId(),
      client: `admin:${principal.subject}`,
      service,
      method: kind === 'revoke' ? 'DELETE' : 'POST',
      path: kind === 'grant' || kind === 'revoke' ? '/admin/grants' : `/admin/services/${kind}`,
      status: kind === 'grant' || kind === 'publish' ? 201 : 200,
      timings: { receivedAt: at, respondedAt: at, durationMs: 0 },
      sizes: { request: 0, response: 0 },
      digests: {},
      signatures: {},
      action: { kind, detail },
    })
    .catch((e: unknown) => {
      throw new GatewayError('server.serverproxy.logging_failed', { cause: e })
    })
}
