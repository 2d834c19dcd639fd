// The scripted demo on the real sandbox: `npm run demo` as a user runs it, then again in-process.
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import { createPopulation, DEMO_PIN } from '#services/shared/index.js'
import { checkCustomer } from '#sandbox/apps/bank-kyc.js'
import type { Fine } from '#sandbox/apps/operator-app.js'
import { runDemo } from '#sandbox/demo.js'
import { sandboxClient } from '#sandbox/sandbox-file.js'
import { CLIENTS, SERVICES } from '#sandbox/sandbox-plan.js'
import type { ViewCases } from './sandbox-env.js'

const ROOT = resolve(import.meta.dirname, '../../..')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function npmRunDemo(sandboxFile: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', 'demo', '--', '--sandbox', sandboxFile], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.once('error', fail)
    child.once('exit', (code) => done({ code, stdout, stderr }))
  })
}

export const demoCases: ViewCases = (env) => {
  let first: Run | undefined

  it('npm run demo: both operators serve the citizen, the bank goes down and comes back', async () => {
    first = await npmRunDemo(env().sandboxFile)
    const out = first.stdout
    expect(first.code, `${out}\n${first.stderr}`).toBe(0)
    expect(out).toMatch(/\[1\/4\] Ala-Too Bank's KYC app/)
    expect(out).toMatch(
      /200 GET {2}population\/persons\/22905199138381 {2}X-Road-Id \S+ {2}signed ✓/,
    )
    expect(out).toMatch(/verdict\s+APPROVED/)
    expect(out).toMatch(/\[2\/4\] Tez Mobile's citizen app/)
    expect(out).toMatch(/201 POST traffic\/fines\/FN\d{10}\/payments {2}X-Road-Id \S+ {2}signed ✓/)
    expect(out).toMatch(/receipt\s+PM\d{10} paid/)
    expect(out).toMatch(/\[3\/4\] The bank's gateway KG\/COM\/10000001\/gw1 goes down/)
    expect(out).toMatch(/bank\s+✗ cannot reach its own gateway at \S+ \(connection refused\)/)
    expect(out).toMatch(/operator\s+✓ still works: 2 vehicles/)
    expect(out).toMatch(/bank\s+✓ works again: KYC approved/)
    expect(out).toMatch(/Equal access/)
  }, 240_000)

  it('again in-process: the same verdicts, nothing left to pay, the operator up throughout', async () => {
    const lines: string[] = []
    const result = await runDemo(env().sandbox, (line) => lines.push(line))
    const seeded = createPopulation().byPin.get(DEMO_PIN)!
    expect(result.kyc.person).toMatchObject({
      pin: DEMO_PIN,
      lastName: seeded.lastName,
      firstName: seeded.firstName,
      dateOfBirth: seeded.dateOfBirth,
    })
    expect(result.kyc.verdict).toMatchObject({ outcome: 'approved', identityVerified: true })
    expect(result.kyc.businesses.some((b) => b.status === 'active')).toBe(true)
    expect(result.kyc.unpaidFines).toEqual([])
    for (const call of [...result.kyc.calls, ...result.overview.calls]) {
      expect(call, `${call.method} ${call.service}${call.path}`).toMatchObject({ signed: true })
      expect(call.status).toBe(200)
      expect(call.xRoadId).toMatch(/^[\x21-\x7e]{1,128}$/)
    }
    expect(result.payment).toBeUndefined()
    expect(lines.join('\n')).toMatch(/no unpaid fine left/)
    expect(result.outage.bank.code).toBe('ECONNREFUSED')
    expect(result.outage.operator.vehicles.length).toBeGreaterThan(0)
    expect(result.outage.operator.calls.every((c) => c.status === 200 && c.signed)).toBe(true)
    expect(result.recovered.verdict.outcome).toBe('approved')
  }, 240_000)

  it("leaves the fine paid in the fines register and the bank's gateway up", async () => {
    const { sandbox } = env()
    const fineId = /payment\s+(FN\d{10}),/.exec(first?.stdout ?? '')?.[1]
    expect(fineId).toBeDefined()
    const operator = sandboxClient(sandbox, CLIENTS.operator)
    const fine = await operator.call(`${SERVICES.fines}/${fineId}`)
    expect(fine.status).toBe(200)
    expect(fine.json).toMatchObject({ fineId, status: 'paid' } satisfies Partial<Fine>)

    const bankNode = sandbox.gateways.find((g) => g.node === 'KG/COM/10000001/gw1')!
    expect((await fetch(`${bankNode.adminUrl}/ready`)).status).toBe(200)
    const report = await checkCustomer(sandbox, DEMO_PIN)
    expect(report.verdict.outcome).toBe('approved')
    expect(report.calls.every((c) => c.status === 200)).toBe(true)
  })

  it("shows the citizen why the bank read their data (the bank's X-Road-Issue)", async () => {
    const portal = sandboxClient(env().sandbox, CLIENTS.portal)
    const res = await portal.call(
      `KG/GOV/70000001/population/findUsage/v2/findUsage?userCode=${DEMO_PIN}`,
      { userId: `KG${DEMO_PIN}` },
    )
    expect(res.status).toBe(200)
    const { usages } = res.json as { usages: { action: string; receiverSystem: string }[] }
    const bank = usages.filter((u) => u.receiverSystem === 'kyc-app')
    expect(bank.length).toBeGreaterThan(0)
    for (const u of bank) expect(u.action).toMatch(/^Account opening, case KYC-\d{8}-8381$/)
  })
}
