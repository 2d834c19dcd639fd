import { describe, expect, it } from 'vitest'
import { applyAdminChange, createBackendAllowList } from '#gateway/admin/index.js'
import { createAccessPolicy } from '#gateway/access/index.js'

describe('createBackendAllowList', () => {
  const allowed = createBackendAllowList(['http://10.0.0.5:8080/registries'], [])

  it('allows a backend at or below an entry, segment by segment', () => {
    expect(allowed('http://10.0.0.5:8080/registries')).toBe(true)
    expect(allowed('http://10.0.0.5:8080/registries/persons?x=1')).toBe(true)
  })

  it.each([
    ['a longer path segment', 'http://10.0.0.5:8080/registriesX'],
    ['another port', 'http://10.0.0.5:8081/registries/persons'],
    ['another scheme', 'https://10.0.0.5:8080/registries/persons'],
    ['a host that only starts the same', 'http://10.0.0.5.evil.example:8080/registries'],
    ['user info', 'http://admin:pw@10.0.0.5:8080/registries/persons'],
    ['a path that climbs out', 'http://10.0.0.5:8080/registries/../admin'],
    ['no URL at all', 'not a url'],
  ])('refuses %s', (_name, url) => {
    expect(allowed(url)).toBe(false)
  })

  it('defaults to the origins of the configured services', () => {
    const byDefault = createBackendAllowList(undefined, ['http://127.0.0.1:7001/persons'])
    expect(byDefault('http://127.0.0.1:7001/vehicles')).toBe(true)
    expect(byDefault('http://127.0.0.1:7002/vehicles')).toBe(false)
    expect(createBackendAllowList(undefined, [])('http://127.0.0.1:7001/')).toBe(false)
  })

  it('skips a kept publication the allow-list no longer covers, naming the url', () => {
    const published: string[] = []
    const refused = applyAdminChange(
      {
        policy: createAccessPolicy([]),
        services: new Map(),
        publish: (config) => published.push(config.id),
        hasSubsystem: () => true,
        nodeId: 'KG/GOV/70000001/gw1',
        backendAllowed: () => false,
      },
      {
        kind: 'publish',
        at: '2026-12-07T00:00:00.000Z',
        config: { id: 'KG/GOV/70000001/population/people', url: 'http://169.254.169.254/' },
      },
    )
    expect(refused).toMatchObject({ field: 'url', value: 'http://169.254.169.254/' })
    expect(published).toEqual([])
  })
})
