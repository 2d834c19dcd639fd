// Progress bars are drawn on a terminal only; PKI generation counts every item it reports.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { pkiInitCommand } from '#gateway/cli/pki-init.js'
import { startProgressBar, startTimedBar } from '#gateway/cli/progress.js'

/** A stream that says it is a terminal and keeps what is drawn, escape codes removed. */
function fakeTerminal(isTTY = true) {
  let drawn = ''
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        drawn += String(chunk)
        done()
      },
    }),
    { isTTY, columns: 160 },
  )
  // eslint-disable-next-line no-control-regex
  return { stream, text: () => drawn.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '') }
}

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

describe('startProgressBar', () => {
  it('draws nothing and returns undefined when the stream is not a terminal', () => {
    const terminal = fakeTerminal(false)
    expect(
      startProgressBar({ total: 3, label: 'x', unit: 'items', stream: terminal.stream }),
    ).toBeUndefined()
    expect(terminal.text()).toBe('')
  })

  it('draws the label, the count and the current step on a terminal', () => {
    const terminal = fakeTerminal()
    const bar = startProgressBar({
      total: 4,
      label: 'pki',
      unit: 'items',
      stream: terminal.stream,
    })
    bar!.update(4, 'created root CA')
    bar!.stop()
    expect(terminal.text()).toMatch(/pki \[=+\] 4\/4 items created root CA/)
  })
})

describe('startTimedBar', () => {
  it('fills with whole seconds elapsed, up to the duration', () => {
    const terminal = fakeTerminal()
    let now = 0
    const bar = startTimedBar({
      label: 'measuring registry c=1',
      seconds: 12,
      stream: terminal.stream,
      now: () => now,
    })
    now = 30_500
    bar!.stop()
    expect(terminal.text()).toMatch(/measuring registry c=1 \[=+\] 12\/12 s/)
  })
})

describe('pkiInitCommand with a terminal', () => {
  it('draws one bar over every item instead of a line per item', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kopuro-pki-bar-'))
    dirs.push(dir)
    const layout = {
      instance: 'KG',
      members: [{ id: 'KG/COM/10000001', nodes: [{ code: 'gw1' }], clients: ['a', 'b'] }],
    }
    const terminal = fakeTerminal()
    const lines: string[] = []
    const out = { log: (s: string) => lines.push(s) }
    expect(await pkiInitCommand(dir, layout, out, { progressStream: terminal.stream })).toBe(0)
    // Root CA, directory key, the member's signing key, one node certificate, two client keys.
    expect(terminal.text()).toMatch(
      /pki \[=+\] 6\/6 items created client key of KG\/COM\/10000001\/b/,
    )
    expect(lines).toEqual([expect.stringMatching(/^PKI for KG ready in /)])
  })
})
