// The citizen view's data-tracker round: every provider asked, answers merged, failures named.
import { describe, expect, it } from 'vitest'
import type { ConsoleContext } from '#sandbox/console/context.js'
import { findPersonUsages } from '#sandbox/console/views/find-usages.js'
import type { CallResult, SandboxDescription } from '#sandbox/sandbox-file.js'

const PIN = '22905199138381'

function sandbox(): SandboxDescription {
  const member = (id: string, services: string[]) => ({
    id,
    name: id,
    services: services.map((s) => ({ id: `${id}/${s}`, title: s })),
  })
  return {
    members: [
      member('KG/GOV/70000001', ['population/persons']),
      member('KG/GOV/70000002', ['transport/vehicles', 'transport/licences']),
      member('KG/GOV/70000003', ['traffic/fines']),
      member('KG/COM/10000001', []),
    ],
  } as unknown as SandboxDescription
}

function usage(logtime: string, action: string) {
  return { logtime, action, receiverCode: '10000001', receiverSystem: 'kyc-app' }
}

/** A context whose portal answers per provider subsystem as `answers` says. */
function contextAnswering(answers: Record<string, () => CallResult>) {
  const calls: { path: string; userId?: string }[] = []
  const ctx = {
    sandbox: async () => sandbox(),
    client: async () => ({
      call: async (path: string, options: { userId?: string }) => {
        calls.push({ path, userId: options.userId })
        const provider = path.split('/').slice(0, 4).join('/')
        return answers[provider]!()
      },
    }),
  } as unknown as ConsoleContext
  return { ctx, calls }
}

const ok = (usages: unknown[]): CallResult => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '',
  json: { totalUsages: usages.length, usages },
})

describe('findPersonUsages', () => {
  it('asks each provider subsystem once for the person, and merges newest first', async () => {
    const { ctx, calls } = contextAnswering({
      'KG/GOV/70000001/population': () => ok([usage('2026-01-02T00:00:00.000Z', 'loan-1')]),
      'KG/GOV/70000002/transport': () => ok([usage('2026-01-03T00:00:00.000Z', 'check')]),
      'KG/GOV/70000003/traffic': () => ok([]),
    })
    const found = await findPersonUsages(ctx, PIN)
    expect(calls).toEqual(
      ['KG/GOV/70000001/population', 'KG/GOV/70000002/transport', 'KG/GOV/70000003/traffic'].map(
        (s) => ({ path: `${s}/findUsage/v2/findUsage?userCode=KG${PIN}`, userId: `KG${PIN}` }),
      ),
    )
    expect(found.usages.map((u) => [u.action, u.provider])).toEqual([
      ['check', 'KG/GOV/70000002/transport'],
      ['loan-1', 'KG/GOV/70000001/population'],
    ])
    expect(found.unavailable).toEqual([])
  })

  it('keeps the answers of the others when a provider refuses or cannot be reached', async () => {
    const { ctx } = contextAnswering({
      'KG/GOV/70000001/population': () => ok([usage('2026-01-02T00:00:00.000Z', 'loan-1')]),
      'KG/GOV/70000002/transport': () => ({
        status: 503,
        headers: { 'x-road-error': 'server.clientproxy.service_unavailable' },
        body: '',
        json: { type: 'server.clientproxy.service_unavailable', message: 'No node answered' },
      }),
      'KG/GOV/70000003/traffic': () => {
        throw new Error('connect ECONNREFUSED')
      },
    })
    const found = await findPersonUsages(ctx, PIN)
    expect(found.usages.map((u) => u.action)).toEqual(['loan-1'])
    expect(found.unavailable).toEqual([
      {
        provider: 'KG/GOV/70000002/transport',
        reason: 'server.clientproxy.service_unavailable: No node answered',
      },
      {
        provider: 'KG/GOV/70000003/traffic',
        reason: 'could not be asked (connect ECONNREFUSED)',
      },
    ])
  })
})
