// `kopuro` as a process: --help exits 0, usage errors exit 2, an unreachable server exits 3.
import { describe, expect, it } from 'vitest'
import { freePort } from '../support/ports.js'
import { runCli } from '../support/run-cli.js'

describe('kopuro --help', () => {
  it('prints the commands and the exit codes, exit 0', async () => {
    const result = await runCli(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/Commands:[\s\S]*audit[\s\S]*admin/)
    expect(result.stdout).toMatch(/Exit codes:\n {2}0 /)
  })

  it.each([
    ['pki', 'init'],
    ['audit', 'export'],
    ['admin', 'grant'],
    ['evidence', 'verify'],
  ])('kopuro %s %s --help prints usage and an example, exit 0', async (...path) => {
    const result = await runCli([...path, '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Usage: kopuro ${path.join(' ')}`)
    expect(result.stdout).toMatch(/Examples?:\n {2}npx kopuro /)
  })
})

describe('kopuro usage errors', () => {
  it('exits 2 for an unknown command, with a message', async () => {
    const result = await runCli(['audti', 'verify'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/unknown command 'audti'/)
    expect(result.stderr).toMatch(/Did you mean audit\?/)
  })

  it('exits 2 for a missing required option, with a message', async () => {
    const result = await runCli(['admin', 'disable', '--node', 'KG/GOV/70000001/gw1'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/required option '--service <service>' not specified/)
  })

  it('exits 2 when a command is missing where to send the request', async () => {
    const result = await runCli(['audit', 'query'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^audit query: name the gateway node \(--node\)/)
  })

  it('exits 2 for an unreadable input file', async () => {
    const result = await runCli(['evidence', 'verify', '/nonexistent/evidence.json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/cannot read input/)
  })

  it('exits 3 when the server cannot be reached', async () => {
    const port = await freePort()
    const admin = `http://127.0.0.1:${port}`
    const result = await runCli(['audit', 'export', '--admin', admin, '--token', 'x'])
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/audit export: cannot reach .*ECONNREFUSED/)
  })
})
