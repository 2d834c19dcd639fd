// The sample apps' arguments: one valid PIN, the sandbox file, the app's own options.
import { describe, expect, it } from 'vitest'
import { parseAppArgs, UsageError } from '#sandbox/apps/app-cli.js'

describe('parseAppArgs', () => {
  it('reads the PIN, the default sandbox file and extra options', () => {
    expect(parseAppArgs(['22905199138381'])).toMatchObject({
      pin: '22905199138381',
      sandboxFile: '.kopuro/sandbox.json',
    })
    const args = parseAppArgs(['22905199138381', '--pay', 'FN2024000018', '--sandbox', 'x.json'], {
      pay: { type: 'string' },
    })
    expect(args).toMatchObject({ sandboxFile: 'x.json', values: { pay: 'FN2024000018' } })
  })

  it('refuses a missing or malformed PIN, a second PIN and unknown options', () => {
    for (const argv of [
      [],
      ['2290519913838'],
      ['32905199138381'],
      ['22905199138381', '2'],
      ['22905199138381', '--pay', 'x'],
    ]) {
      expect(() => parseAppArgs(argv), argv.join(' ')).toThrow(UsageError)
    }
  })
})
