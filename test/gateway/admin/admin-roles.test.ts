// The admin listener's role check: every route declares its roles, and refuses every other role
// with 403 client.forbidden before it touches anything (docs/design.md §2).
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createAdminApp,
  createRequireRoles,
  createRoleTokenVerifier,
  issueRoleToken,
  rolesOf,
  ROLES,
  type AdminContext,
  type AdminEnv,
  type Role,
} from '#gateway/admin/index.js'
import { createLogger } from '#gateway/lib/logger.js'

const MEMBER = 'KG/GOV/70000001'
const NODE = `${MEMBER}/gw1`
const now = () => Date.parse('2026-03-01T12:00:00Z')
/** The routes anyone may ask: liveness and readiness. */
const PUBLIC = ['GET /health', 'GET /ready']

/** A dependency a refused request must never reach: any use of it throws. */
function untouchable(name: string): never {
  return new Proxy(
    {},
    {
      get: (_t, key) => {
        throw new Error(`${name}.${String(key)} used by a refused request`)
      },
    },
  ) as never
}

let privateJwk: JWK
let app: Hono<AdminEnv>

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  privateJwk = await exportJWK(privateKey)
  const verifyRole = await createRoleTokenVerifier(await exportJWK(publicKey), {
    memberId: MEMBER,
    now,
    store: { isTokenRevoked: async () => false },
  })
  const ctx: AdminContext = {
    nodeId: NODE,
    directory: untouchable('directory'),
    store: untouchable('store'),
    audit: untouchable('audit'),
    auditDir: '/nonexistent',
    verifyRole,
    metrics: untouchable('metrics'),
    now,
    logger: createLogger({ name: 'admin-roles-test' }),
    actions: {
      policy: untouchable('policy'),
      services: untouchable('services'),
      log: untouchable('log'),
      publish: untouchable('publish'),
      changes: untouchable('changes'),
      hasSubsystem: untouchable('hasSubsystem'),
      backendAllowed: untouchable('backendAllowed'),
    },
  }
  app = createAdminApp(ctx)
})

function tokenFor(role: Role): Promise<string> {
  const member = role === 'member' ? { member: 'KG/COM/10000001' } : {}
  return issueRoleToken(
    privateJwk,
    { memberId: MEMBER, now },
    { subject: 'alice', role, ...member },
  )
}

/** Each route of the app as `METHOD /path`, with the roles its role check declares. */
function declaredRoutes(): {
  route: string
  method: string
  path: string
  roles?: readonly Role[]
}[] {
  const byRoute = new Map<
    string,
    { route: string; method: string; path: string; roles?: readonly Role[] }
  >()
  for (const r of app.routes) {
    const route = `${r.method} ${r.path}`
    const entry = byRoute.get(route) ?? { route, method: r.method, path: r.path }
    entry.roles ??= rolesOf(r.handler)
    byRoute.set(route, entry)
  }
  return [...byRoute.values()]
}

/** A concrete URL for a route pattern (`:xRoadId` filled in). */
const urlOf = (path: string) => `http://admin${path.replace(/:\w+/g, 'some-id')}`

describe('admin role check', () => {
  it('guards every route but /health and /ready, each with the roles it declares', () => {
    const routes = declaredRoutes()
    expect(routes.filter((r) => r.roles === undefined).map((r) => r.route)).toEqual(PUBLIC)
    // The roles each route lets through, as docs/design.md §2 and the route docs name them.
    expect(
      Object.fromEntries(routes.filter((r) => r.roles).map((r) => [r.route, r.roles])),
    ).toEqual({
      'GET /metrics': ['observer', 'auditor', 'admin'],
      'GET /audit/records': ['auditor', 'member', 'admin'],
      'GET /audit/evidence/:xRoadId': ['auditor', 'member', 'admin'],
      'POST /admin/tokens/revoke': ['admin'],
      'GET /admin/grants': ['admin', 'auditor'],
      'GET /admin/services': ['admin', 'auditor'],
      'POST /admin/grants': ['admin'],
      'POST /admin/grants/revoke': ['admin'],
      'POST /admin/services/publish': ['admin'],
      'POST /admin/services/disable': ['admin'],
      'POST /admin/services/enable': ['admin'],
    })
  })

  it('refuses every role a route does not declare with 403 client.forbidden, touching nothing', async () => {
    const refusals: string[] = []
    for (const { route, method, path, roles } of declaredRoutes()) {
      if (roles === undefined) continue
      for (const role of ROLES.filter((r) => !roles.includes(r))) {
        const res = await app.request(urlOf(path), {
          method,
          headers: {
            authorization: `Bearer ${await tokenFor(role)}`,
            'content-type': 'application/json',
          },
          ...(method === 'POST' ? { body: '{}' } : {}),
        })
        expect([route, role, res.status, res.headers.get('x-road-error')]).toEqual([
          route,
          role,
          403,
          'client.forbidden',
        ])
        refusals.push(`${route} ${role}`)
      }
    }
    // Every role check refused something: the loop above did run over real refusals.
    expect(refusals).toContain('GET /metrics member')
    expect(refusals).toContain('POST /admin/grants auditor')
    expect(refusals).toHaveLength(25)
  })

  it('refuses a request without a token on every guarded route with 401 client.unauthorized', async () => {
    for (const { route, method, path, roles } of declaredRoutes()) {
      if (roles === undefined) continue
      const res = await app.request(urlOf(path), { method })
      expect([route, res.status, res.headers.get('x-road-error')]).toEqual([
        route,
        401,
        'client.unauthorized',
      ])
    }
  })
})

describe('requireRoles', () => {
  it('lets an allowed role through with its principal, and refuses before the handler runs', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
    const ownKey = await exportJWK(privateKey)
    const verifyRole = await createRoleTokenVerifier(await exportJWK(publicKey), {
      memberId: MEMBER,
      now,
      store: { isTokenRevoked: async () => false },
    })
    const requireRoles = createRequireRoles(verifyRole)
    let reached = 0
    const tiny = new Hono<AdminEnv>()
    tiny.get('/x', requireRoles('auditor'), (c) => {
      reached++
      return c.json(c.get('principal'))
    })
    tiny.onError((e) => new Response(null, { status: (e as { status?: number }).status ?? 500 }))
    const ask = async (role: Role) => {
      const token = await issueRoleToken(
        ownKey,
        { memberId: MEMBER, now },
        { subject: 'bob', role },
      )
      return tiny.request('http://a/x', { headers: { authorization: `Bearer ${token}` } })
    }
    const allowed = await ask('auditor')
    expect(allowed.status).toBe(200)
    expect(await allowed.json()).toMatchObject({ subject: 'bob', role: 'auditor' })
    expect((await ask('observer')).status).toBe(403)
    expect(reached).toBe(1)
  })
})
