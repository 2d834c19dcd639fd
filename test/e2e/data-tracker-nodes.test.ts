// A member with two gateway nodes: whichever node a citizen's portal reaches, the answer covers
// the accesses both nodes served (each node logs only its own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type RunningGateway } from '#gateway/server.js'
import { rawRequest } from '../support/http-raw.js'
import {
  KYC_APP,
  OPERATOR,
  PERSONS,
  PORTAL,
  PROVIDER,
  startTestFederation,
  type TestFederation,
} from '../support/test-federation.js'

const CITIZEN = '22905199138381'
let fed: TestFederation
let gw2: RunningGateway
let portal: RunningGateway

beforeAll(async () => {
  fed = await startTestFederation()
  gw2 = await startGateway(fed.node(`${PROVIDER}/gw2`).config)
  portal = await startGateway(fed.node(`${OPERATOR}/gw1`).config)
})
afterAll(async () => {
  await gw2?.close()
  await portal?.close()
  await fed?.close()
})

/** The bank reads through its gateway; the portal, granted the data tracker, asks through its own. */
const via = async (node: string, path: string, extra: Record<string, string> = {}) => {
  const client = extra['x-road-userid'] ? PORTAL : KYC_APP
  return rawRequest(client === PORTAL ? portal.consumerUrl : fed.bank.consumerUrl, path, {
    headers: {
      authorization: `Bearer ${await fed.token(client)}`,
      'x-road-client': client,
      'x-road-security-server': `${PROVIDER}/${node}`,
      ...extra,
    },
  })
}

describe('data tracker across a member’s nodes', () => {
  it('gathers the usages every node served, newest first, whichever node answers', async () => {
    expect(
      (await via('gw1', `/r1/${PERSONS}/${CITIZEN}`, { 'x-road-issue': 'case-on-gw1' })).status,
    ).toBe(200)
    expect(
      (await via('gw2', `/r1/${PERSONS}/${CITIZEN}`, { 'x-road-issue': 'case-on-gw2' })).status,
    ).toBe(200)
    const ask = `/r1/${PROVIDER}/population/findUsage/v2/findUsage?userCode=KG${CITIZEN}`
    for (const node of ['gw1', 'gw2']) {
      const res = await via(node, ask, { 'x-road-userid': `KG${CITIZEN}` })
      expect(res.status).toBe(200)
      const answer = JSON.parse(res.body) as { totalUsages: number; usages: { action: string }[] }
      expect(answer.totalUsages, node).toBe(2)
      expect(
        answer.usages.map((u) => u.action),
        node,
      ).toEqual(['case-on-gw2', 'case-on-gw1'])
    }
    const page = await via('gw1', `${ask}&offset=1&limit=1`, { 'x-road-userid': `KG${CITIZEN}` })
    const second = JSON.parse(page.body) as { totalUsages: number; usages: { action: string }[] }
    expect([second.totalUsages, second.usages.map((u) => u.action)]).toEqual([2, ['case-on-gw1']])
  })
})
