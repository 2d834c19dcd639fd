// The auditor view in a browser: filtered records, a log verified and then caught tampered with,
// an exchange's evidence bundle and the CSV export taken away and checked.
import { open as openFile, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { JWK } from 'jose'
import { verifyAuditLog } from '#gateway/audit/index.js'
import { verifyEvidence } from '#gateway/evidence/index.js'
import { sandboxClient } from '#sandbox/sandbox-file.js'
import type { ViewCases } from './sandbox-env.js'
import { openConsolePage } from './local-requests.js'

const BANK = 'KG/COM/10000001/kyc-app'
const BANK_NODE = 'KG/COM/10000001/gw1'
const PERSONS = 'KG/GOV/70000001/population/persons'
const POPULATION_NODE = 'KG/GOV/70000001/gw1'
const PORTAL = 'KG/GOV/70000006/portal'
/** A node the other cases barely use: its log is the one tampered with. */
const CIVIL_NODE = 'KG/GOV/70000005/gw1'
const OFFICER = 'KG21505199000001'

export const auditorCases: ViewCases = (env) => {
  let page: Page
  let xRoadId: string
  const offsite = openConsolePage(env, (p) => (page = p), { acceptDownloads: true })

  beforeAll(async () => {
    const bank = sandboxClient(env().sandbox, BANK)
    const res = await bank.call(`${PERSONS}/${env().sandbox.demoPin}`, {
      userId: OFFICER,
      issue: 'audit-case-17',
      headers: { 'x-road-security-server': POPULATION_NODE },
    })
    expect(res.status).toBe(200)
    xRoadId = res.headers['x-road-id']!
  })

  const url = (path: string) => `${env().sandbox.consoleUrl}${path}`
  const gateway = (node: string) => env().sandbox.gateways.find((g) => g.node === node)!

  async function filter(fields: { node: string } & Record<string, string>) {
    await page.goto(url('/auditor'))
    const form = page.locator('form.filters')
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'node') await form.locator('select[name=node]').selectOption(value)
      else await form.locator(`input[name=${name}]`).fill(value)
    }
    await form.locator('button[type=submit]').click()
    await page.waitForLoadState()
  }

  const rows = () =>
    page.locator('#records tr[data-x-road-id]').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-x-road-id'),
        client: tr.getAttribute('data-client'),
      })),
    )

  async function verify(node: string) {
    await page.goto(url('/auditor'))
    await page.locator('form.verify select[name=verify]').selectOption(node)
    await page.locator('form.verify button[type=submit]').click()
    await page.waitForLoadState()
    return page.locator('.verdict')
  }

  it('filters a node’s records by client and by the data subject’s PIN', async () => {
    await filter({ node: BANK_NODE, client: BANK })
    const bankRows = await rows()
    expect(bankRows.map((r) => r.id)).toContain(xRoadId)
    expect(new Set(bankRows.map((r) => r.client))).toEqual(new Set([BANK]))

    await filter({ node: POPULATION_NODE, pin: env().sandbox.demoPin })
    expect((await rows()).map((r) => r.id)).toContain(xRoadId)
    const row = page.locator(`#records tr[data-x-road-id="${xRoadId}"]`)
    expect(await row.textContent()).toMatch(/provider.*\/\{pin\}.*audit-case-17.*200/)

    await filter({ node: POPULATION_NODE, pin: '11203198512345' })
    expect((await rows()).map((r) => r.id)).not.toContain(xRoadId)

    await filter({ node: POPULATION_NODE, pin: '123', status: '4xx' })
    expect(await page.locator('main > p.notice.error').textContent()).toContain('14 digits')
    await filter({ node: POPULATION_NODE, status: 'often' })
    expect(await page.locator('main > p.notice.error').textContent()).toContain('a class (4xx)')
  })

  it('exports the current filter as CSV', async () => {
    await filter({ node: BANK_NODE, client: BANK })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#records a[href^="/auditor/export.csv"]').click(),
    ])
    expect(download.suggestedFilename()).toBe('records-KG_COM_10000001_gw1.csv')
    const csv = await readFile((await download.path())!, 'utf8')
    expect(csv.split('\r\n')[0]).toMatch(/^seq,time,side,xRoadId,client,service/)
    expect(csv).toContain(xRoadId)
  })

  it('downloads an exchange’s evidence bundle that verifies offline', async () => {
    await filter({ node: BANK_NODE, client: BANK })
    const link = page.locator(`#records tr[data-x-road-id="${xRoadId}"] a.evidence`)
    const href = url((await link.getAttribute('href'))!)
    // The bundle needs a signed checkpoint over the record: at most one interval (10 s).
    const deadline = Date.now() + 20_000
    while ((await fetch(href)).status === 409 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500))
    }
    const requestId = await page
      .locator(`#records tr[data-x-road-id="${xRoadId}"]`)
      .getAttribute('data-request-id')
    expect(new URL(href).searchParams.get('requestId')).toBe(requestId)
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    expect(download.suggestedFilename()).toBe(`evidence-${xRoadId}-${requestId}.json`)
    const bundle = JSON.parse(await readFile((await download.path())!, 'utf8'))
    const logKey = gateway(BANK_NODE).logPublicKey as JWK
    // The bank's record, like the provider's, has {pin} where the demo citizen's PIN was.
    const result = await verifyEvidence(bundle, { logKey, subject: env().sandbox.demoPin })
    expect(result.checks.filter((c) => !c.ok)).toEqual([])
    expect(result.ok).toBe(true)
  })

  it('verifies a log as OK, and names the kind and line once a record is edited', async () => {
    const portal = sandboxClient(env().sandbox, PORTAL)
    for (let i = 0; i < 2; i++) {
      const res = await portal.call(
        `KG/GOV/70000005/civil/certificates?pin=${env().sandbox.demoPin}`,
      )
      expect(res.status).toBe(200)
    }
    const ok = await verify(CIVIL_NODE)
    expect(await ok.getAttribute('data-verdict')).toBe('ok')
    expect(await ok.textContent()).toMatch(/OK.*KG\/GOV\/70000005\/gw1: \d+ records/)

    const civil = gateway(CIVIL_NODE)
    await logSettled(civil.auditDir)
    const restore = await editFirstRecord(civil.auditDir)
    try {
      const failed = await verify(CIVIL_NODE)
      expect(await failed.getAttribute('data-verdict')).toBe('failed')
      const expected = await verifyAuditLog(civil.auditDir, { logKey: civil.logPublicKey as JWK })
      if (expected.ok) throw new Error('the edit went unnoticed')
      const { kind, segment, line } = expected.failure
      expect(await failed.textContent()).toContain(
        `FAILED ${CIVIL_NODE}: ${kind} in ${segment} line ${line}`,
      )
    } finally {
      await restore()
    }
    expect(await (await verify(CIVIL_NODE)).getAttribute('data-verdict')).toBe('ok')
    expect(offsite).toEqual([])
  })
}

/**
 * Waits until head.json and the last signed checkpoint both cover the last record: the verdict
 * on an edited record depends on which of them already reach past it.
 */
async function logSettled(auditDir: string): Promise<void> {
  const deadline = Date.now() + 25_000
  const lastSeq = async (file: string, field: 'seq' | 'size') => {
    const lines = (await readFile(file, 'utf8').catch(() => '')).trimEnd().split('\n')
    return lines[0] === '' ? 0 : (JSON.parse(lines.at(-1)!) as Record<string, number>)[field]
  }
  for (;;) {
    const head = await lastSeq(join(auditDir, 'head.json'), 'seq')
    const last = await lastSeq(await newestSegment(auditDir), 'seq')
    const checkpoint = await lastSeq(join(auditDir, 'checkpoints.jsonl'), 'size')
    if (head === last && checkpoint === last) return
    if (Date.now() > deadline) throw new Error('the log did not settle')
    await new Promise((r) => setTimeout(r, 200))
  }
}

async function newestSegment(auditDir: string): Promise<string> {
  const segments = (await readdir(auditDir)).filter((f) => /^segment-\d+\.jsonl$/.test(f)).sort()
  return join(auditDir, segments.at(-1)!)
}

/**
 * Changes the status of the first record of the newest segment by one digit (same length, so
 * the gateway's appends are untouched); returns how to put the byte back.
 */
async function editFirstRecord(auditDir: string): Promise<() => Promise<void>> {
  const file = await newestSegment(auditDir)
  const text = await readFile(file, 'latin1')
  const match = /"status":\d\d(\d)/.exec(text.slice(0, text.indexOf('\n')))
  if (!match) throw new Error('no status in the first record')
  const offset = match.index + match[0].length - 1
  const original = match[1]!
  const write = async (digit: string) => {
    const handle = await openFile(file, 'r+')
    try {
      await handle.write(digit, offset, 'latin1')
    } finally {
      await handle.close()
    }
  }
  await write(original === '1' ? '2' : '1')
  return () => write(original)
}
