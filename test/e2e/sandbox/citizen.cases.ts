// The citizen view in a browser: the bank reads the demo citizen for a KYC case, then the citizen
// signs in (mock eID) and sees the bank, when and why, gathered by the portal from every registry.
import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { sandboxClient } from '#sandbox/sandbox-file.js'
import type { ViewCases } from './sandbox-env.js'
import { openConsolePage } from './local-requests.js'

const BANK = 'KG/COM/10000001/kyc-app'
const PERSONS = 'KG/GOV/70000001/population/persons'
const OFFICER = 'KG21505199000001'
const PURPOSE = 'kyc-loan-application-8812'

export const citizenCases: ViewCases = (env) => {
  let page: Page
  const offsite = openConsolePage(env, (p) => (page = p))

  const url = (path: string) => `${env().sandbox.consoleUrl}${path}`
  const notice = () => page.locator('main > p.notice').textContent()

  async function signIn(pin: string) {
    await page.goto(url('/citizen'))
    await page.locator('form.login input[name=pin]').fill(pin)
    await page.locator('form.login button[type=submit]').click()
    await page.waitForLoadState()
  }

  it('says the sign-in is a mock and refuses what is no personal code', async () => {
    await page.goto(url('/citizen'))
    expect(await page.locator('form.login').textContent()).toMatch(/mock.*no real authentication/)
    await signIn('12345')
    expect(await page.locator('main > p.notice.error').textContent()).toContain('14 digits')
    expect(await page.locator('form.login').count()).toBe(1)
  })

  it('lists the bank’s KYC read of the citizen: who, when, why and which registry', async () => {
    const { sandbox } = env()
    const read = await sandboxClient(sandbox, BANK).call(`${PERSONS}/${sandbox.demoPin}`, {
      userId: OFFICER,
      issue: PURPOSE,
    })
    expect(read.status).toBe(200)
    const before = Date.now()

    await signIn(sandbox.demoPin)
    expect(await notice()).toBe('Signed in with the mock eID.')
    expect(await page.locator('form.session').textContent()).toContain(sandbox.demoPin)
    const row = page.locator('#usages tr', { hasText: PURPOSE })
    expect(await row.count()).toBe(1)
    const cells = await row.locator('td').allTextContents()
    expect(cells[1]).toMatch(/Ala-Too Bank.*KG\/COM\/10000001.*kyc-app/)
    expect(cells[2]).toBe(PURPOSE)
    expect(cells[3]).toMatch(/Population Registry Agency.*KG\/GOV\/70000001\/population/)
    const shown = Date.parse(cells[0]!.replace(' UTC', 'Z').replace(' ', 'T'))
    expect(Math.abs(shown - before)).toBeLessThan(60_000)
    const providers = new Set(sandbox.members.flatMap((m) => m.services.map((s) => s.id)))
    const asked = new Set([...providers].map((id) => id.split('/').slice(0, 4).join('/')))
    expect(await page.locator('#usages > p').first().textContent()).toContain(
      `reported by ${asked.size} of ${asked.size} registries`,
    )
  })

  it('signs out, and shows another person nothing of the demo citizen’s', async () => {
    await page.goto(url('/citizen'))
    await page.locator('form.session button[type=submit]').click()
    await page.waitForLoadState()
    expect(await notice()).toBe('Signed out.')
    expect(await page.locator('form.login').count()).toBe(1)
    await signIn('11203198512345')
    expect(await page.locator('form.session').textContent()).toContain('11203198512345')
    expect(await page.locator('#usages').textContent()).not.toContain(PURPOSE)
    expect(offsite).toEqual([])
  })
}
