// The sandbox's grants must name real endpoints of real services: a typo would silently deny.
import { describe, expect, it } from 'vitest'
import { loadContract } from '#contracts/index.js'
import { matchGlob } from '#gateway/access/index.js'
import { isGrantableMetaservice } from '#gateway/identifiers/index.js'
import { deriveEndpoints } from '#gateway/publication/index.js'
import { CLIENTS, sandboxPlan, sandboxRegistries } from '#sandbox/sandbox-plan.js'

const plan = sandboxPlan()
const services = plan.members.flatMap((m) => m.services)

describe('sandbox plan', () => {
  it('gives every member class the same footing: grants name subsystems, never classes', () => {
    const subjects = plan.members.flatMap((m) => m.grants.map((g) => g.subject))
    for (const subject of subjects) expect(subject.split('/')).toHaveLength(4)
    const classes = new Set(plan.members.map((m) => m.id.split('/')[1]))
    expect([...classes].sort()).toEqual(['COM', 'GOV', 'NGO'])
  })

  it('grants only services the granting member publishes, on endpoints their contracts define', () => {
    for (const member of plan.members) {
      for (const grant of member.grants) {
        if (isGrantableMetaservice(grant.service, member.id)) continue
        const service = member.services.find((s) => s.id === grant.service)
        expect(service, `${member.id} grants ${grant.service}`).toBeDefined()
        const endpoints = deriveEndpoints(
          loadContract(service!.contract!),
          new URL(service!.url).pathname,
        )
        for (const rule of grant.endpoints ?? []) {
          const glob = rule.path.split('/').filter((s) => s !== '')
          const hits = endpoints.filter(
            (e) =>
              (rule.method === '*' || e.method === rule.method) &&
              matchGlob(
                glob,
                e.path.split('/').filter((s) => s !== ''),
              ),
          )
          expect(
            hits.length,
            `${grant.subject} ${rule.method} ${rule.path} on ${grant.service}`,
          ).toBeGreaterThan(0)
        }
      }
    }
  })

  it('grants every provider subsystem’s data tracker to the state portal only', () => {
    for (const member of plan.members) {
      const subsystems = new Set(member.services.map((s) => s.id.split('/').slice(0, 4).join('/')))
      const tracker = member.grants.filter((g) => g.service.endsWith('/findUsage'))
      expect(tracker, member.id).toEqual(
        [...subsystems].map((s) => ({ subject: CLIENTS.portal, service: `${s}/findUsage` })),
      )
    }
  })

  it('runs every registry, and every service has a contract and validation', () => {
    expect(sandboxRegistries().map((r) => r.name)).toHaveLength(5)
    for (const s of services) {
      expect(s.contract, s.id).toBeDefined()
      expect(s.validation, s.id).not.toBe('off')
    }
  })

  it('runs the population register on two nodes', () => {
    expect(plan.members.find((m) => m.id === 'KG/GOV/70000001')!.nodes).toHaveLength(2)
  })

  it('does not let the bank read vehicles', () => {
    const transport = plan.members.find((m) => m.id === 'KG/GOV/70000002')!
    expect(transport.grants.some((g) => g.subject.startsWith('KG/COM/10000001/'))).toBe(false)
  })
})
