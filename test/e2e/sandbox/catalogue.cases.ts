// The catalogue in a browser, as a third-party developer uses it: find a service in the signed
// directory, read its contract in Swagger UI, send real requests through a client's own gateway.
import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ViewCases } from './sandbox-env.js'
import { openConsolePage } from './local-requests.js'

const BANK = 'KG/COM/10000001/kyc-app'
const PERSONS = 'KG/GOV/70000001/population/persons'
const VEHICLES = 'KG/GOV/70000002/transport/vehicles'

export const catalogueCases: ViewCases = (env) => {
  let page: Page
  const offsite = openConsolePage(env, (p) => (page = p))

  async function send(fields: { client: string; path: string; method?: string }) {
    await page.selectOption('#try-client', fields.client)
    await page.selectOption('#try-method', fields.method ?? 'GET')
    await page.fill('#try-path', fields.path)
    await page.click('#try-form button[type=submit]')
    await page.waitForLoadState()
  }

  /** The answer's response headers as the page shows them, by displayed name. */
  async function shownHeaders(): Promise<Record<string, string>> {
    const rows = await page
      .locator('#result table.headers tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')))
    return Object.fromEntries(rows.map(([name, value]) => [name, value]))
  }

  it('lists the signed directory’s services with their provider members', async () => {
    const { sandbox } = env()
    await page.goto(`${sandbox.consoleUrl}/catalogue`)
    const row = page.locator(`tr[data-service="${PERSONS}"]`)
    expect(await row.textContent()).toContain('Population Registry Agency')
    expect(await row.textContent()).toContain('GOV')
    const listed = await page
      .locator('table.services tr[data-service]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-service')))
    const published = sandbox.members.flatMap((m) => m.services.map((s) => s.id))
    expect(listed.sort()).toEqual(published.sort())
    expect(await page.locator('.directory-line').textContent()).toMatch(/serial \d+/)
  })

  it('renders the persons contract with Swagger UI and answers the bank with signed headers', async () => {
    const { sandbox } = env()
    await page.goto(`${sandbox.consoleUrl}/catalogue`)
    await page.click(`tr[data-service="${PERSONS}"] a`)
    const operation = page.locator('#swagger-ui .opblock-summary-path[data-path="/{pin}"]')
    await operation.waitFor({ timeout: 30_000 })
    expect(await page.locator('#swagger-ui .opblock-summary-path').allTextContents()).toContain(
      '/{pin}',
    )

    await send({ client: BANK, path: `/${sandbox.demoPin}` })
    expect(await page.locator('#result .status').textContent()).toBe('200')
    const headers = await shownHeaders()
    expect(headers['X-Road-Request-Hash']).toMatch(/^[A-Za-z0-9+/]{86}==$/)
    expect(headers['Signature']).toMatch(/^kopuro=:[A-Za-z0-9+/=]+:$/)
    expect(headers['Signature-Input']).toContain('tag="kopuro-response"')
    expect(headers['X-Road-Client']).toBe(BANK)
    expect(headers['X-Road-Service']).toBe(PERSONS)
    const person = JSON.parse((await page.locator('#result pre.body').textContent()) ?? '')
    expect(person).toMatchObject({ pin: sandbox.demoPin, lastName: expect.any(String) })
    expect(await page.locator('#result pre.curl').textContent()).toContain(
      `/r1/${PERSONS}/${sandbox.demoPin}`,
    )
  })

  it('shows the provider gateway’s refusal when the bank asks for vehicles', async () => {
    const { sandbox } = env()
    await page.goto(`${sandbox.consoleUrl}/catalogue/service?id=${VEHICLES}`)
    await send({ client: BANK, path: `?ownerPin=${sandbox.demoPin}` })
    expect(await page.locator('#result .status').textContent()).toBe('403')
    expect(await page.locator('#result .xroad-error').textContent()).toBe(
      'server.serverproxy.access_denied',
    )
    const headers = await shownHeaders()
    expect(headers['X-Road-Error']).toBe('server.serverproxy.access_denied')
    expect(headers['Signature']).toMatch(/^kopuro=:/)
  })

  it('refuses malformed input with a notice and sends nothing', async () => {
    const { sandbox } = env()
    await page.goto(`${sandbox.consoleUrl}/catalogue/service?id=${PERSONS}`)
    await send({ client: BANK, path: 'no-leading-slash' })
    expect(await page.locator('.notice.error').textContent()).toContain('must start with /')
    expect(await page.locator('#result').count()).toBe(0)

    await page.fill('#try-body', '{"amount": ')
    await send({ client: BANK, path: '/', method: 'POST' })
    expect(await page.locator('.notice.error').textContent()).toContain('not valid JSON')

    const url = `${sandbox.consoleUrl}/catalogue/service?id=${PERSONS}`
    const forged = await page.request.post(url, {
      form: { client: 'KG/COM/99999999/nobody', method: 'GET', path: '/' },
      headers: { origin: sandbox.consoleUrl },
    })
    expect(forged.status()).toBe(400)
    const crossSite = await page.request.post(url, {
      form: { client: BANK, method: 'GET', path: `/${sandbox.demoPin}` },
      headers: { origin: 'http://elsewhere.example' },
    })
    expect(crossSite.status()).toBe(403)
    expect(forged.status()).toBe(400)
    expect(await forged.text()).toContain('Unknown client subsystem')
    const unknown = await page.request.get(`${sandbox.consoleUrl}/catalogue/service?id=x/y`)
    expect(unknown.status()).toBe(404)
  })

  it('loads nothing from any host but the console', () => {
    expect(offsite).toEqual([])
  })
}
