// The agency view in a browser, as the population agency uses it: grant and revoke a right, and
// disable a service with a notice, on both of its nodes, checked with real calls through gateways.
import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { sandboxClient } from '#sandbox/sandbox-file.js'
import type { ViewCases } from './sandbox-env.js'
import { openConsolePage } from './local-requests.js'

const AGENCY = 'KG/GOV/70000001'
const PERSONS = `${AGENCY}/population/persons`
const WATCH_APP = 'KG/NGO/20000001/watch-app'
const BANK = 'KG/COM/10000001/kyc-app'

interface MethodList {
  service: { service_code: string; endpoint_list: { method: string; path: string }[] }[]
}

export const agencyCases: ViewCases = (env) => {
  let page: Page
  const offsite = openConsolePage(env, (p) => (page = p))

  const open = () => page.goto(`${env().sandbox.consoleUrl}/agency?member=${AGENCY}`)
  const notice = () => page.locator('main > p.notice').textContent()
  const nodes = () => env().sandbox.gateways.filter((g) => g.memberId === AGENCY)

  /** The persons endpoints the NGO may call, as `allowedMethods` on one node lists them. */
  async function watchAppMay(node: string): Promise<string[]> {
    const res = await sandboxClient(env().sandbox, WATCH_APP).call(
      `${AGENCY}/population/allowedMethods`,
      { headers: { 'x-road-security-server': node } },
    )
    expect(res.status).toBe(200)
    const persons = (res.json as MethodList).service.find((s) => s.service_code === 'persons')
    return (persons?.endpoint_list ?? []).map((e) => `${e.method} ${e.path}`)
  }

  /** The grants one node holds, read from its own admin listener. */
  async function grantsOn(node: string) {
    const { sandbox } = env()
    const gateway = sandbox.gateways.find((g) => g.node === node)!
    const res = await fetch(`${gateway.adminUrl}/admin/grants`, {
      headers: { authorization: `Bearer ${sandbox.roleTokens[AGENCY]!.admin}` },
    })
    return ((await res.json()) as { grants: { subject: string; service: string }[] }).grants
  }

  it('says the agency runs two nodes and that every change goes to both', async () => {
    expect(nodes().map((g) => g.node)).toEqual([`${AGENCY}/gw1`, `${AGENCY}/gw2`])
    await open()
    expect(await page.locator('p.nodes').textContent()).toMatch(
      /2 gateway nodes \(gw1, gw2\).*every change here is applied to every node/,
    )
    const state = await page.locator(`#services tr[data-service="${PERSONS}"]`).textContent()
    expect(state).toMatch(/gw1: enabled/)
    expect(state).toMatch(/gw2: enabled/)
  })

  it('grants the NGO GET /* on persons on both nodes, then revokes it', async () => {
    for (const g of nodes()) expect(await watchAppMay(g.node)).not.toContain('GET /*')
    await open()
    const form = page.locator('form[action="/agency/grant"]')
    await form.locator('select[name=subject]').selectOption(WATCH_APP)
    await form.locator('select[name=service]').selectOption(PERSONS)
    await form.locator('textarea[name=endpoints]').fill('GET /*')
    await form.locator('button[type=submit]').click()
    await page.waitForLoadState()
    expect(await notice()).toMatch(/^Granted .*watch-app GET \/\* .* on every node \(gw1, gw2\)/)
    const row = page.locator(`#grants tr[data-subject="${WATCH_APP}"]`)
    expect(await row.textContent()).toMatch(/GET \/\*.*gw1, gw2/)
    for (const g of nodes()) {
      expect(await watchAppMay(g.node), g.node).toEqual(['GET /*'])
      expect(await grantsOn(g.node), g.node).toContainEqual(
        expect.objectContaining({ subject: WATCH_APP, service: PERSONS }),
      )
    }

    await row.locator('form[action="/agency/revoke"] button').click()
    await page.waitForLoadState()
    expect(await notice()).toMatch(/^Revoked .*watch-app.* on every node/)
    expect(await page.locator(`#grants tr[data-subject="${WATCH_APP}"]`).count()).toBe(0)
    for (const g of nodes()) {
      expect(await watchAppMay(g.node), g.node).toEqual([])
      expect((await grantsOn(g.node)).map((x) => x.subject)).not.toContain(WATCH_APP)
    }
  })

  it('disables persons with a notice callers get, and enables it again', async () => {
    const bank = sandboxClient(env().sandbox, BANK)
    const read = () => bank.call(`${PERSONS}/${env().sandbox.demoPin}`)
    const text = 'Maintenance until 02:00'
    await open()
    const row = page.locator(`#services tr[data-service="${PERSONS}"]`)
    await row.locator('input[name=notice]').fill(text)
    await row.locator('form[action="/agency/disable"] button').click()
    await page.waitForLoadState()
    expect(await notice()).toContain('on every node (gw1, gw2)')
    const state = await page.locator(`#services tr[data-service="${PERSONS}"]`).textContent()
    expect(state).toContain(`gw1: disabled “${text}”`)
    expect(state).toContain(`gw2: disabled “${text}”`)
    for (const g of nodes()) {
      const res = await bank.call(`${PERSONS}/${env().sandbox.demoPin}`, {
        headers: { 'x-road-security-server': g.node },
      })
      expect([res.status, res.headers['x-road-error']], g.node).toEqual([
        503,
        'server.serverproxy.service_disabled',
      ])
      expect((res.json as { message: string }).message).toContain(text)
    }

    await page
      .locator(`#services tr[data-service="${PERSONS}"] form[action="/agency/enable"] button`)
      .click()
    await page.waitForLoadState()
    expect(await notice()).toMatch(/^Enabled .* on every node/)
    expect((await read()).status).toBe(200)
  })

  it('shows who calls the agency’s services', async () => {
    await open()
    const bank = page.locator(`#callers tr[data-client="${BANK}"]`)
    expect(await bank.textContent()).toMatch(/Ala-Too Bank.*population\/persons/)
    expect(await bank.locator('.badge.ok').count()).toBeGreaterThan(0)
    expect(await bank.locator('.badge.failed').allTextContents()).toContainEqual(
      expect.stringMatching(/^503 ×\d+$/),
    )
  })

  it('names the bad input by the gateway’s own grant check, and never breaks the page', async () => {
    await open()
    const form = page.locator('form[action="/agency/grant"]')
    await form.locator('textarea[name=endpoints]').fill('GET /persons?x')
    await form.locator('button[type=submit]').click()
    await page.waitForLoadState()
    expect(await page.locator('main > p.notice.error').textContent()).toBe(
      'Endpoint line 1, path /persons?x: a segment may use only A-Z a-z 0-9 - . _ ~, `*` or `**`.',
    )
    await form.locator('textarea[name=endpoints]').fill('just words')
    await form.locator('button[type=submit]').click()
    await page.waitForLoadState()
    expect(await page.locator('main > p.notice.error').textContent()).toBe(
      'Endpoint line 1, method just: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, *.',
    )

    const unknown = await page.goto(`${env().sandbox.consoleUrl}/agency?member=KG/GOV/99999999`)
    expect(unknown!.status()).toBe(404)
    expect(await page.locator('main > p.notice.error').textContent()).toContain('No such agency')
    expect(offsite).toEqual([])
  })
}
