// The whole sandbox as a user runs it: `npm start` in a child process, the demo flows through
// real gateways, every console view in headless Chromium, then Ctrl-C and no process left.
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { readSandboxFile } from '#sandbox/sandbox-file.js'
import { hasChromium, launchChromium } from '../support/browser.js'
import { isAlive, startSandboxProcess, type RunningSandbox } from '../support/sandbox-process.js'
import { agencyCases } from './sandbox/agency.cases.js'
import { auditorCases } from './sandbox/auditor.cases.js'
import { catalogueCases } from './sandbox/catalogue.cases.js'
import { citizenCases } from './sandbox/citizen.cases.js'
import { demoCases } from './sandbox/demo.cases.js'
import { federationCases } from './sandbox/federation.cases.js'
import { readmeCases } from './sandbox/readme.cases.js'
import type { SandboxEnv } from './sandbox/sandbox-env.js'

let running: RunningSandbox | undefined
let browser: Browser | undefined
let pids: number[] = []

const env = (): SandboxEnv => ({
  sandbox: running!.sandbox,
  sandboxFile: running!.sandboxFile,
  dir: running!.dir,
  browser: browser!,
})

describe('sandbox (npm start)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    running = await startSandboxProcess()
    pids = running.sandbox.processes.map((p) => p.pid!).filter(Boolean)
    if (hasChromium()) browser = await launchChromium()
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    if (running) {
      await running.stop()
      await rm(running.dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('starts every process and describes it in sandbox.json', () => {
    const { sandbox } = env()
    expect(sandbox.processes.map((p) => p.kind).sort()).toEqual(
      expect.arrayContaining(['console', 'directory', 'gateway', 'registry']),
    )
    expect(sandbox.gateways.length).toBeGreaterThanOrEqual(10)
    expect(pids.every(isAlive)).toBe(true)
    expect(running!.output()).toMatch(/\[3\/3\] ready/)
  })

  describe('demo flows', () => demoCases(env))
  // Debian's chromium (`apt-get install chromium`; .ci/run installs it). Without it the console
  // views are reported as skipped, never as passed.
  const inBrowser = describe.skipIf(!hasChromium())
  inBrowser('console: catalogue', () => catalogueCases(env))
  inBrowser('console: agency', () => agencyCases(env))
  inBrowser('console: auditor', () => auditorCases(env))
  inBrowser('console: citizen', () => citizenCases(env))
  inBrowser('console: federation', () => federationCases(env))

  describe('README tours', () => readmeCases(env))

  it('stops on Ctrl-C with every process gone', async () => {
    // Restarted processes have new pids: take the live list before stopping.
    pids = [
      ...new Set([
        ...pids,
        ...(await readSandboxFile(running!.sandboxFile)).processes.map((p) => p.pid!),
      ]),
    ]
    const { code, signal } = await running!.stop()
    // npm itself may die of the SIGINT the terminal sends the whole group; the supervisor may not.
    expect(code === 0 || signal === 'SIGINT').toBe(true)
    // The group's own SIGINT may still be finishing a process off: allow it a moment to be reaped.
    for (let i = 0; i < 50 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100))
    expect(pids.filter(isAlive)).toEqual([])
    expect(running!.output()).toMatch(/stopped: every process has exited/)
  })
})
