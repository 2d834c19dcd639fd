// The federation view in a browser, as an operator reads it: every gateway node ready, the same
// signed directory serial at the authority and the mirror, members and processes listed.
import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ViewCases } from './sandbox-env.js'
import { openConsolePage } from './local-requests.js'

interface ShownFederation {
  nodes: Record<string, string>
  serials: Record<string, string>
  processes: string[]
}

export const federationCases: ViewCases = (env) => {
  let page: Page
  const offsite = openConsolePage(env, (p) => (page = p))

  /** Loads the view and reads node states, directory serials and process states off the page. */
  async function show(): Promise<ShownFederation> {
    await page.goto(`${env().sandbox.consoleUrl}/federation`)
    const pairs = (selector: string, key: string, value: string) =>
      page
        .locator(selector)
        .evaluateAll(
          (trs, [k, v]) => trs.map((tr) => [tr.getAttribute(k!), tr.getAttribute(v!)]),
          [key, value],
        )
    return {
      nodes: Object.fromEntries(
        await pairs('table.nodes tr[data-node]', 'data-node', 'data-state'),
      ),
      serials: Object.fromEntries(
        await pairs('table.directory-sources tr[data-source]', 'data-source', 'data-serial'),
      ),
      processes: (await pairs('table.processes tr[data-process]', 'data-process', 'data-state'))
        .filter(([, state]) => state !== 'ready')
        .map(([name, state]) => `${name}: ${state}`),
    }
  }

  it('shows every gateway node ready and the same directory serial at authority and mirror', async () => {
    const { sandbox } = env()
    // Earlier cases stop and restart processes: give a restarted node time to turn ready.
    await expect
      .poll(
        async () => {
          const shown = await show()
          return {
            notReady: Object.entries(shown.nodes).filter(([, s]) => s !== 'ready'),
            nodes: Object.keys(shown.nodes).sort(),
            sameSerial: shown.serials['authority'] === shown.serials['mirror'],
            processes: shown.processes,
          }
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toEqual({
        notReady: [],
        nodes: sandbox.gateways.map((g) => g.node).sort(),
        sameSerial: true,
        processes: [],
      })
    const shown = await show()
    const serial = shown.serials['authority']!
    expect(serial).toMatch(/^\d+$/)
    expect(await page.locator('table.directory-sources').textContent()).toContain(serial)
    expect(await page.locator('.serial-comparison').getAttribute('data-same')).toBe('true')
    const jws = await (await fetch(`${sandbox.directory.authorityUrl}/directory`)).text()
    const payload = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'))
    expect(payload.serial).toBeGreaterThanOrEqual(Number(serial))
  })

  it('lists the directory’s members with their names and classes', async () => {
    const { sandbox } = env()
    await show()
    const members = await page
      .locator('table.members tr[data-member]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-member')))
    expect(members.sort()).toEqual(sandbox.members.map((m) => m.id).sort())
    const bank = await page.locator('table.members tr[data-member="KG/COM/10000001"]').textContent()
    expect(bank).toContain('Ala-Too Bank')
    expect(bank).toContain('COM')
  })

  it('loads nothing from any host but the console', () => {
    expect(offsite).toEqual([])
  })
}
