// What the long-running commands print from start to stop is pino JSON, one entry a line, each
// with `level`, `time` (ms since the epoch) and `msg` (docs/operations.md §2): the gateway, the
// directory authority and a mirror, run as the real `kopuro` command and stopped by a signal.
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parseLine, startCli, type CliProcess } from '../support/cli-process.js'
import { PROVIDER, startTestFederation, type TestFederation } from '../support/test-federation.js'

let fed: TestFederation
const running: CliProcess[] = []
beforeAll(async () => {
  fed = await startTestFederation({ noProvider: true })
})
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')))
  await fed?.close()
})

function start(args: string[]): CliProcess {
  const cli = startCli(args)
  running.push(cli)
  return cli
}

/** Every stdout line is a pino entry written between `since` and now; returns their messages. */
function expectLogLines(lines: string[], since: number): string[] {
  expect(lines.length).toBeGreaterThan(0)
  return lines.map((line) => {
    const entry = parseLine(line)
    expect(entry, line).toMatchObject({
      level: expect.any(Number),
      time: expect.any(Number),
      msg: expect.any(String),
    })
    expect(entry!.time, line).toBeGreaterThanOrEqual(since)
    expect(entry!.time, line).toBeLessThanOrEqual(Date.now())
    return entry!.msg
  })
}

/** The messages `wanted` occur in this order (other lines may come between). */
function expectInOrder(messages: string[], wanted: string[]): void {
  const at = wanted.map((m) => messages.indexOf(m))
  expect(
    at.every((i) => i >= 0),
    messages.join(' | '),
  ).toBe(true)
  expect([...at].sort((a, b) => a - b)).toEqual(at)
}

it('kopuro gateway: a ready line with the listeners, then on SIGTERM a stopping and a stopped line', async () => {
  const since = Date.now()
  const node = fed.node(`${PROVIDER}/gw1`)
  const gateway = start(['gateway', '--config', node.configFile])
  const ready = await gateway.waitForLine((l) => l.msg === 'gateway ready')
  const admin = `http://127.0.0.1:${node.config.listen.adminPort}`
  expect(ready).toMatchObject({ level: 30, name: node.nodeId, node: node.nodeId, admin })
  expect((await fetch(`${admin}/health`)).status).toBe(200)

  expect(await gateway.stop('SIGTERM')).toBe(0)
  const messages = expectLogLines(gateway.lines(), since)
  expectInOrder(messages, ['gateway ready', 'gateway stopping', 'gateway stopped'])
  const stopping = gateway
    .lines()
    .map(parseLine)
    .find((l) => l?.msg === 'gateway stopping')
  expect(stopping).toMatchObject({ level: 30, signal: 'SIGTERM' })
  expect(gateway.stderr()).toBe('')
})

it('kopuro directory serve and mirror: ready, then on SIGINT / SIGTERM stopping and stopped', async () => {
  const since = Date.now()
  const authority = start([
    'directory',
    'serve',
    '--state',
    join(fed.dir, 'lifecycle', 'registry.json'),
    '--directory-key',
    join(fed.dir, 'pki', 'federation', 'directory-key.private.jwk.json'),
    '--instance',
    'KG',
    '--member-class',
    'GOV=Government agencies',
    '--port',
    '0',
  ])
  const up = await authority.waitForLine((l) => l.msg === 'directory authority ready')
  expect(up).toMatchObject({ level: 30, name: 'directory-authority', serial: 1 })
  const mirror = start([
    'directory',
    'mirror',
    '--anchor',
    fed.prepared.anchorFile,
    '--from',
    `${String(up['url'])}/directory`,
    '--port',
    '0',
  ])
  const mirrored = await mirror.waitForLine((l) => l.msg === 'directory mirror ready')
  expect(mirrored).toMatchObject({ level: 30, name: 'directory-mirror', serial: 1 })

  expect(await mirror.stop('SIGTERM')).toBe(0)
  expect(await authority.stop('SIGINT')).toBe(0)
  expectInOrder(expectLogLines(mirror.lines(), since), [
    'directory mirror ready',
    'directory mirror stopping',
    'directory mirror stopped',
  ])
  expectInOrder(expectLogLines(authority.lines(), since), [
    'directory authority ready',
    'directory authority stopping',
    'directory authority stopped',
  ])
  const signals = [mirror, authority].map(
    (p) =>
      p
        .lines()
        .map(parseLine)
        .find((l) => l?.msg.endsWith(' stopping'))?.['signal'],
  )
  expect(signals).toEqual(['SIGTERM', 'SIGINT'])
})
