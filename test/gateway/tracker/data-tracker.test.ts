// The data tracker: findUsage v2 answers, refusals, the index rebuilt from the log, its key file.
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAuditLog, readAuditRecords } from '#gateway/audit/index.js'
import { GatewayError } from '#gateway/lib/errors.js'
import {
  createDataTracker,
  ensureTrackerKeyFile,
  hashDataSubject,
  loadTrackerKey,
  openDataTracker,
  type DataTracker,
  type UsageRequest,
} from '#gateway/tracker/index.js'
import { tempDir } from '../../support/audit-fixtures.js'
import {
  AGENCY_APP,
  BANK_APP,
  CITIZEN,
  COVERT_GROUP,
  KEY,
  OTHER_CITIZEN,
  POPULATION,
  testView,
  usageRecord,
} from './fixtures.js'

const DAY = 24 * 60 * 60 * 1000
const T0 = Date.parse('2026-03-01T12:00:00Z')
const subject = hashDataSubject(KEY, CITIZEN)

function tracker(now = () => T0 + DAY, embargoDays = 30): DataTracker {
  const view = testView()
  return createDataTracker({
    key: KEY,
    directory: () => view,
    covertGroup: COVERT_GROUP,
    embargoDays,
    now,
  })
}

function ask(t: DataTracker, query: string, change: Partial<UsageRequest> = {}) {
  return t.answer({
    method: 'GET',
    subsystem: POPULATION,
    path: '/v2/findUsage',
    query,
    userId: `KG${CITIZEN}`,
    ...change,
  }) as { totalUsages: number; usages: Record<string, string>[] }
}

function refusal(run: () => unknown): [number, string] | undefined {
  try {
    run()
  } catch (e) {
    if (e instanceof GatewayError) return [e.status, e.code]
    throw e
  }
  return undefined
}

describe('findUsage', () => {
  it('lists the person’s own usages newest first, naming the receiver from the directory', () => {
    const t = tracker()
    t.observe(usageRecord(subject, BANK_APP, '2026-03-01T12:00:00.000Z'))
    t.observe(usageRecord(subject, BANK_APP, '2026-03-01T13:00:00.000Z', { purpose: undefined }))
    t.observe(usageRecord(hashDataSubject(KEY, OTHER_CITIZEN), BANK_APP, '2026-03-01T14:00:00Z'))
    const answer = ask(t, `userCode=KG${CITIZEN}`)
    expect(answer).toEqual({
      totalUsages: 2,
      usages: [
        {
          logtime: '2026-03-01T13:00:00.000Z',
          action: 'getPerson',
          receiverCode: '10000001',
          receiverName: 'Bank',
          receiverSystem: 'kyc-app',
        },
        {
          logtime: '2026-03-01T12:00:00.000Z',
          action: 'loan-42',
          receiverCode: '10000001',
          receiverName: 'Bank',
          receiverSystem: 'kyc-app',
        },
      ],
    })
    expect(ask(t, `userCode=${CITIZEN}&limit=1&offset=1`).usages).toHaveLength(1)
    expect(ask(t, `userCode=${CITIZEN}&periodStart=2026-03-01T12:30:00Z`).totalUsages).toBe(1)
    expect(ask(t, `userCode=${CITIZEN}&periodEnd=2026-03-01T12:00:00`).totalUsages).toBe(1)
    expect(ask(t, `userCode=${CITIZEN}`, { subsystem: 'KG/GOV/70000001/other' })).toEqual({
      totalUsages: 0,
      usages: [],
    })
  })

  it('counts only successful provider-side exchanges, not the tracker’s own lookups', () => {
    const t = tracker()
    const at = '2026-03-01T12:00:00.000Z'
    t.observe(usageRecord(subject, BANK_APP, at, { status: 403 }))
    t.observe(usageRecord(subject, BANK_APP, at, { side: 'consumer' }))
    t.observe(usageRecord(subject, BANK_APP, at, { service: `${POPULATION}/findUsage` }))
    t.observe(usageRecord(undefined, BANK_APP, at))
    expect(ask(t, `userCode=${CITIZEN}`).totalUsages).toBe(0)
  })

  it('withholds covert access until the embargo has passed, but auditors see it', () => {
    let now = T0 + DAY
    const t = tracker(() => now, 30)
    t.observe(usageRecord(subject, AGENCY_APP, '2026-03-01T12:00:00.000Z'))
    expect(ask(t, `userCode=${CITIZEN}`).totalUsages).toBe(0)
    expect(t.listUsages(subject, { includeCovert: true }).usages).toMatchObject([
      { client: AGENCY_APP, covert: true },
    ])
    now = T0 + 30 * DAY
    expect(ask(t, `userCode=${CITIZEN}`).usages).toMatchObject([
      { receiverName: 'State Security Service', receiverSystem: 'surveillance' },
    ])
  })

  it('keeps an access logged as covert hidden once its client has left the covert group', async () => {
    let view = testView()
    const options = { key: KEY, directory: () => view, covertGroup: COVERT_GROUP, now: () => T0 }
    const t = createDataTracker(options)
    const logged = usageRecord(subject, AGENCY_APP, '2026-03-01T12:00:00.000Z', { covert: true })
    t.observe(logged)
    view = testView([])
    expect(t.isCovert(AGENCY_APP)).toBe(false)
    expect(ask(t, `userCode=${CITIZEN}`).totalUsages).toBe(0)
    // Rebuilt from the log with the group gone from the config: the stored flag still decides.
    const rebuilt = createDataTracker({ ...options, covertGroup: undefined })
    await rebuilt.rebuild(
      (async function* () {
        yield logged
      })(),
    )
    expect(ask(rebuilt, `userCode=${CITIZEN}`).totalUsages).toBe(0)
    expect(rebuilt.listUsages(subject, { includeCovert: true }).usages).toMatchObject([
      { client: AGENCY_APP, covert: true },
    ])
  })

  it('refuses another person’s data, a missing or foreign user id and bad parameters', () => {
    const t = tracker()
    const denied = refusal(() => ask(t, `userCode=${OTHER_CITIZEN}`))
    expect(denied).toEqual([403, 'server.serverproxy.access_denied'])
    const bad: [string, Partial<UsageRequest>][] = [
      [`userCode=${CITIZEN}`, { userId: undefined }],
      [`userCode=${CITIZEN}`, { userId: `EE${CITIZEN}` }],
      [`userCode=${CITIZEN}`, { userId: 'KG-officer-7' }],
      ['', {}],
      ['userCode=abc', {}],
      [`userCode=${CITIZEN}&userCode=${CITIZEN}`, {}],
      [`userCode=${CITIZEN}&periodStart=yesterday`, {}],
      [`userCode=${CITIZEN}&periodEnd=2026-13-01T00:00:00Z`, {}],
      [`userCode=${CITIZEN}&limit=-1`, {}],
      [`userCode=${CITIZEN}&offset=1.5`, {}],
      [`userCode=${CITIZEN}`, { method: 'POST' }],
    ]
    for (const [query, change] of bad) {
      expect(
        refusal(() => ask(t, query, change)),
        query,
      ).toEqual([400, 'client.bad_request'])
    }
    const unknown = refusal(() => ask(t, '', { path: '/v1/findUsage' }))
    expect(unknown).toEqual([404, 'server.serverproxy.unknown_service'])
  })

  it('answers heartbeat and usagePeriod', () => {
    const t = tracker()
    const heartbeat = t.answer({
      method: 'GET',
      subsystem: POPULATION,
      path: '/v2/heartbeat',
      query: '',
    })
    expect(heartbeat).toMatchObject({ status: 'OK' })
    const period = () =>
      t.answer({ method: 'GET', subsystem: POPULATION, path: '/v2/usagePeriod', query: '' })
    expect(period()).toEqual({ periodStart: new Date(T0 + DAY).toISOString() })
    t.observe(usageRecord(undefined, BANK_APP, '2026-03-01T12:00:00.000Z'))
    expect(period()).toEqual({ periodStart: '2026-03-01T12:00:00.000Z' })
  })

  it('is absent without a key, and logs a lookup’s caller only as a hash', () => {
    const view = testView()
    const off = createDataTracker({ directory: () => view })
    expect(off.enabled).toBe(false)
    expect(refusal(() => ask(off, `userCode=${CITIZEN}`))).toEqual([
      404,
      'server.serverproxy.unknown_service',
    ])
    const lookup = { method: 'GET', subsystem: POPULATION, path: '/v2/findUsage', query: '' }
    const tracked = tracker().trackLookup({
      ...lookup,
      query: `userCode=KG${CITIZEN}`,
      userId: `KG${CITIZEN}`,
    })
    expect(tracked).toMatchObject({ operation: 'findUsage', dataSubject: subject })
    expect(tracked.redact!(`KG${CITIZEN} userCode=KG${CITIZEN}`)).toBe('KG{pin} userCode=KG{pin}')
    expect(tracker().trackLookup({ ...lookup, userId: 'KG-officer-7' }).redact).toBeUndefined()
    const anonymous = tracker().trackLookup({ ...lookup, query: `userCode=${OTHER_CITIZEN}` })
    expect(anonymous.dataSubject).toBe(hashDataSubject(KEY, OTHER_CITIZEN))
    expect(anonymous.redact!(`userCode=${OTHER_CITIZEN}`)).toBe('userCode={pin}')
  })

  it('refuses bad options at start-up', () => {
    const directory = () => testView()
    expect(() => createDataTracker({ directory, key: new Uint8Array(16) })).toThrow(TypeError)
    expect(() => createDataTracker({ directory, embargoDays: -1 })).toThrow(TypeError)
    expect(() => createDataTracker({ directory, covertGroup: '' })).toThrow(TypeError)
  })
})

describe('openDataTracker', () => {
  it('builds the index from the log on start, then keeps it up to date', async () => {
    const dir = await tempDir()
    const auditDir = join(dir, 'audit')
    const keyFile = join(dir, 'tracker', 'key.jwk.json')
    await ensureTrackerKeyFile(keyFile)
    const key = await loadTrackerKey(keyFile)
    const hash = hashDataSubject(key, CITIZEN)
    const log = await createAuditLog({ dir: auditDir })
    await log.append(usageRecord(hash, BANK_APP, '2026-03-01T12:00:00.000Z'))
    await log.append(usageRecord(hash, AGENCY_APP, '2026-03-01T13:00:00.000Z'))
    await log.close()
    const view = testView()
    const options = { auditDir, directory: () => view, now: () => T0 + DAY }
    const t = await openDataTracker({ keyFile, covertGroup: COVERT_GROUP }, options)
    expect(ask(t, `userCode=${CITIZEN}`).usages.map((u) => u.receiverSystem)).toEqual(['kyc-app'])
    expect(t.listUsages(hash, { includeCovert: true }).total).toBe(2)
    t.observe(usageRecord(hash, BANK_APP, '2026-03-01T14:00:00.000Z'))
    expect(ask(t, `userCode=${CITIZEN}`).totalUsages).toBe(2)
    expect(t.usagePeriod()).toEqual({ periodStart: '2026-03-01T12:00:00.000Z' })
    const records = []
    for await (const r of readAuditRecords(auditDir)) records.push(r)
    expect(records).toHaveLength(2)
    const fresh = await openDataTracker({ keyFile }, { ...options, auditDir: join(dir, 'none') })
    expect(fresh.listUsages(hash, { includeCovert: true }).total).toBe(0)
  })

  it('keeps an existing key file and refuses one that is not a 32-byte oct JWK', async () => {
    const dir = await tempDir()
    const keyFile = join(dir, 'key.jwk.json')
    await ensureTrackerKeyFile(keyFile)
    const first = await readFile(keyFile, 'utf8')
    await ensureTrackerKeyFile(keyFile)
    expect(await readFile(keyFile, 'utf8')).toBe(first)
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(first)).toMatchObject({ kty: 'oct', alg: 'HS256' })
    await writeFile(keyFile, JSON.stringify({ kty: 'oct', k: 'c2hvcnQ' }))
    await expect(loadTrackerKey(keyFile)).rejects.toThrow(TypeError)
    await expect(loadTrackerKey(join(dir, 'missing.json'))).rejects.toThrow(TypeError)
  })
})
