// The package as an operator installs it: `npm pack` (which builds dist/), then a production
// install of the tarball into an empty folder, and the installed `kopuro` run with no TypeScript,
// tsx or other development dependency present (docs/operations.md §2).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTutorial, runTutorial, type TutorialRun } from '#sandbox/tutorial-runner.js'
import { parseLine, startCli, type CliProcess } from '../support/cli-process.js'
import { checkKeyCustody } from '../support/key-custody.js'
import { PROVIDER, startTestFederation, type TestFederation } from '../support/test-federation.js'

const ROOT = new URL('../..', import.meta.url).pathname
const PACKAGE = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string
}
/** Build (tsc over gateway/ and certs/), pack and install take minutes on a busy 2-core machine. */
const INSTALL_TIMEOUT_MS = 10 * 60_000

interface Run {
  code: number
  stdout: string
  stderr: string
}

function run(command: string, args: string[], cwd: string, timeout = INSTALL_TIMEOUT_MS) {
  return new Promise<Run>((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, KOPURO_TOKEN: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** Fails the suite with what npm said; says so plainly when the registry could not be reached. */
function expectNpmSucceeded(step: string, result: Run): void {
  if (result.code === 0) return
  const offline = /E(NOTFOUND|CONNREFUSED|CONNRESET|TIMEDOUT|AI_AGAIN|NETUNREACH)|ENOTCACHED/
  const why = offline.test(result.stderr)
    ? 'npm could not reach the registry and its cache does not hold every dependency ' +
      '(`npm ci` fills the cache; the install needs one or the other)'
    : `npm exited with ${result.code}`
  throw new Error(`${step}: ${why}\n${result.stderr.slice(-4000)}`)
}

let dir: string
let app: string
let bin: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopuro-install-'))
  app = join(dir, 'app')
  await mkdir(join(dir, 'pack'))
  await mkdir(app)
  // npm pack runs `prepack`, which is `npm run build`: the tarball holds a fresh dist/.
  const packed = await run('npm', ['pack', '--pack-destination', join(dir, 'pack')], ROOT)
  expectNpmSucceeded('npm pack', packed)
  const tarball = join(dir, 'pack', `kopuro-${PACKAGE.version}.tgz`)
  expect(existsSync(tarball), packed.stdout).toBe(true)
  // An empty project of its own, so npm installs here and not into a folder above it.
  await writeFile(join(app, 'package.json'), '{ "name": "install-check", "private": true }\n')
  const installed = await run(
    'npm',
    ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', tarball],
    app,
  )
  expectNpmSucceeded('npm install --omit=dev', installed)
  bin = join(app, 'node_modules', '.bin', 'kopuro')
}, INSTALL_TIMEOUT_MS)
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined))

describe('the installed package', () => {
  it('holds the built program, its docs and its bin, and no TypeScript sources', async () => {
    const installed = join(app, 'node_modules', 'kopuro')
    expect((await readdir(installed)).sort()).toEqual([
      'README.md',
      'bin',
      'dist',
      'docs',
      'package.json',
    ])
    const files = await readdir(join(installed, 'dist'), { recursive: true })
    expect(files).toContain(join('gateway', 'cli', 'main.js'))
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([])
  })

  it('brings no development dependency: no tsx, vitest, typescript, eslint, prettier', async () => {
    const modules = await readdir(join(app, 'node_modules'))
    for (const dev of ['tsx', 'vitest', 'typescript', 'eslint', 'prettier', 'esbuild']) {
      expect(modules, dev).not.toContain(dev)
    }
    // The run-time dependencies the build imports are there.
    for (const dependency of ['hono', 'jose', 'pino', 'ioredis', 'commander', 'undici']) {
      expect(modules, dependency).toContain(dependency)
    }
  })

  it('kopuro --version prints the package version', async () => {
    expect(await run(bin, ['--version'], app)).toEqual({
      code: 0,
      stdout: `${PACKAGE.version}\n`,
      stderr: '',
    })
  })

  it('kopuro --help lists the commands', async () => {
    const help = await run(bin, ['--help'], app)
    expect(help.code).toBe(0)
    const commands = help.stdout.split('Commands:')[1] ?? ''
    for (const name of ['pki', 'token', 'gateway', 'audit', 'evidence', 'directory', 'admin']) {
      expect(commands, name).toMatch(new RegExp(`^  ${name}\\b`, 'm'))
    }
  })

  it('kopuro pki init makes a PKI', async () => {
    const pki = join(dir, 'pki')
    const made = await run(bin, ['pki', 'init', pki], app)
    expect([made.code, made.stderr]).toEqual([0, ''])
    expect(made.stdout).toMatch(/^PKI for KG ready in /m)
    const manifest = JSON.parse(await readFile(join(pki, 'pki.json'), 'utf8')) as {
      instance: string
    }
    expect(manifest.instance).toBe('KG')
    expect(existsSync(join(pki, 'ca', 'root.cert.pem'))).toBe(true)
  })

  it('kopuro gateway with an unreadable configuration exits 2 and says why', async () => {
    const file = join(dir, 'broken.json')
    await writeFile(file, '{ "nodeId": ')
    const started = await run(bin, ['gateway', '--config', file], app)
    expect(started.code).toBe(2)
    expect(started.stdout).toBe('')
    expect(started.stderr).toContain(
      `gateway: bad configuration ${file}\nconfig: ${file} is not valid JSON`,
    )
  })
})

describe('a gateway node run by the installed package', () => {
  let fed: TestFederation
  let gateway: CliProcess | undefined
  beforeAll(async () => {
    fed = await startTestFederation({ noProvider: true })
  })
  afterAll(async () => {
    await gateway?.stop('SIGKILL')
    await fed?.close()
  })

  it('comes up, answers /health and /ready, and stops on SIGTERM with pino lines', async () => {
    const node = fed.node(`${PROVIDER}/gw1`)
    gateway = startCli(['gateway', '--config', node.configFile], { bin, cwd: app })
    const ready = await gateway.waitForLine((l) => l.msg === 'gateway ready')
    const admin = `http://127.0.0.1:${node.config.listen.adminPort}`
    expect(ready).toMatchObject({ level: 30, node: node.nodeId, admin })
    expect((await fetch(`${admin}/health`)).status).toBe(200)
    expect((await fetch(`${admin}/ready`)).status).toBe(200)
    expect(await gateway.stop('SIGTERM')).toBe(0)
    const messages = gateway.lines().map((line) => parseLine(line)?.msg)
    expect(messages).toContain('gateway stopped')
    expect(gateway.stderr()).toBe('')
  })
})

/**
 * docs/join-a-federation.md as written, with `kopuro` from the production install. Its three
 * parties move to other loopback addresses (…11, …21, …31) so that the same walkthrough run
 * from the sources (join-a-federation.test.ts) may run at the same time.
 */
describe('joining a federation with the installed package', () => {
  let walk: TutorialRun
  let reader: string
  beforeAll(async () => {
    reader = join(dir, 'reader')
    await mkdir(reader)
    const blocks = await readTutorial(join(ROOT, 'docs/join-a-federation.md'))
    const localise = (script: string) =>
      script.replace(/127\.0\.0\.(10|20|30)\b/g, (_, n: string) => `127.0.0.${Number(n) + 1}`)
    walk = await runTutorial(blocks, {
      cwd: reader,
      binDir: join(app, 'node_modules', '.bin'),
      localise,
      timeoutMs: 540_000,
    })
  }, 600_000)

  it('runs every block of the walkthrough, and the first call returns the registry’s signed answer', async () => {
    expect(walk.code, walk.output).toBe(0)
    expect(walk.output).toContain('"area_m2":1200')
    expect(await readFile(join(reader, 'answer-headers.txt'), 'utf8')).toMatch(/^signature: /im)
  })

  it('keeps every private key with the party that made it', async () => {
    const findings = await checkKeyCustody({
      operator: join(reader, 'federation'),
      members: [join(reader, 'agency'), join(reader, 'bank')],
      outside: [join(reader, 'kyc-app.private.jwk.json')],
    })
    expect(findings.operatorKeysFound).toEqual([])
    expect(findings.memberKeysFound).toEqual([])
    expect(findings.memberPrivateKeys).toBeGreaterThanOrEqual(12)
  })
})
