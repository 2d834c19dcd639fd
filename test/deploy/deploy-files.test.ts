// The files in deploy/ (deploy/README.md): the systemd units carry their hardening and point at
// the node folder they may write, the Containerfile's runtime stage is a production install of
// the packed tarball run as a non-root user, compose runs the node beside Redis, and the image's
// health check asks the admin listener that gateway.json names.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = new URL('../..', import.meta.url).pathname
const DEPLOY = join(ROOT, 'deploy')

/** A unit file as `section → [key, value][]`, in order; repeated keys stay repeated. */
async function readUnit(name: string): Promise<Map<string, [string, string][]>> {
  const sections = new Map<string, [string, string][]>()
  let current: [string, string][] | undefined
  for (const raw of (await readFile(join(DEPLOY, 'systemd', name), 'utf8')).split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const section = /^\[(.+)\]$/.exec(line)
    if (section) {
      current = []
      sections.set(section[1]!, current)
      continue
    }
    const eq = line.indexOf('=')
    expect(eq, `${name}: ${line}`).toBeGreaterThan(0)
    expect(current, `${name}: ${line} before any section`).toBeDefined()
    current!.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()])
  }
  return sections
}

/** The value of a key that occurs once in `[Service]`. */
function single(unit: Map<string, [string, string][]>, key: string): string | undefined {
  const values = (unit.get('Service') ?? []).filter(([k]) => k === key).map(([, v]) => v)
  expect(values.length, key).toBeLessThanOrEqual(1)
  return values[0]
}

const HARDENING: Record<string, string> = {
  NoNewPrivileges: 'yes',
  ProtectSystem: 'strict',
  ProtectHome: 'yes',
  PrivateTmp: 'yes',
  PrivateDevices: 'yes',
  ProtectKernelTunables: 'yes',
  ProtectKernelModules: 'yes',
  ProtectControlGroups: 'yes',
  RestrictAddressFamilies: 'AF_INET AF_INET6 AF_UNIX',
  LockPersonality: 'yes',
  // V8's JIT writes machine code and then executes it: "yes" would stop node at start.
  MemoryDenyWriteExecute: 'no',
  CapabilityBoundingSet: '',
  LimitNOFILE: '65536',
  Restart: 'on-failure',
  RestartPreventExitStatus: '2',
  KillSignal: 'SIGTERM',
  User: 'kopuro',
  UMask: '0077',
  StateDirectoryMode: '0700',
}

const UNITS = [
  {
    file: 'kopuro-gateway@.service',
    execStart: '/usr/bin/kopuro gateway --config /var/lib/kopuro/%i/gateway.json',
    stateDirectory: 'kopuro/%i',
  },
  {
    file: 'kopuro-directory.service',
    execStart: '/usr/bin/kopuro directory serve --dir /var/lib/kopuro-directory',
    stateDirectory: 'kopuro-directory',
  },
]

describe('the systemd units', () => {
  for (const { file, execStart, stateDirectory } of UNITS) {
    it(`${file} runs kopuro from the package, hardened`, async () => {
      const unit = await readUnit(file)
      expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install'])
      for (const [key, value] of Object.entries(HARDENING)) {
        expect(single(unit, key), `${file} ${key}`).toBe(value)
      }
      expect(single(unit, 'ExecStart')).toBe(execStart)
      expect(single(unit, 'StateDirectory')).toBe(stateDirectory)
      // Everything the command is given to write sits in the one folder the unit may write.
      const folder = `/var/lib/${stateDirectory}`
      expect(execStart.split(' ').slice(-1)[0]!.startsWith(folder)).toBe(true)
      expect(single(unit, 'TimeoutStopSec')).toMatch(/^\d+s$/)
      const syscalls = (unit.get('Service') ?? []).filter(([k]) => k === 'SystemCallFilter')
      expect(syscalls.map(([, v]) => v)).toEqual(['@system-service', '~@privileged'])
      expect(unit.get('Install')).toEqual([['WantedBy', 'multi-user.target']])
    })
  }

  it('the sysusers file makes the user the units run as', async () => {
    const sysusers = await readFile(join(DEPLOY, 'systemd', 'kopuro.sysusers.conf'), 'utf8')
    const lines = sysusers.split('\n').filter((l) => l.trim() && !l.startsWith('#'))
    expect(lines).toEqual(['u kopuro - "kopuro gateway and directory" /var/lib/kopuro'])
  })

  const analyze = findSystemdAnalyze()
  const absent = analyze ? '' : ' (skipped: systemd-analyze is not installed on this machine)'
  it.skipIf(!analyze)(`systemd-analyze verify accepts both units${absent}`, async () => {
    // verify also wants ExecStart's program to exist: a copy names node instead of /usr/bin/kopuro.
    const dir = await mkdtemp(join(tmpdir(), 'kopuro-units-'))
    try {
      const copies = []
      for (const { file } of UNITS) {
        const text = await readFile(join(DEPLOY, 'systemd', file), 'utf8')
        expect(text).toContain('ExecStart=/usr/bin/kopuro ')
        const copy = join(dir, file)
        await writeFile(copy, text.replaceAll('/usr/bin/kopuro', process.execPath))
        copies.push(copy)
      }
      const { stdout, stderr } = await run(analyze!, ['verify', '--man=no', ...copies], {
        cwd: dir,
      })
      // Unknown keys and bad values are warnings on stderr with exit code 0: there must be none.
      expect([stdout, stderr]).toEqual(['', ''])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

/** The path of systemd-analyze on PATH, or undefined when the machine has none. */
function findSystemdAnalyze(): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)
  return dirs.map((d) => join(d, 'systemd-analyze')).find((file) => existsSync(file))
}

/** The Containerfile's stages: each FROM line with the instructions below it (continuations joined). */
async function readStages(): Promise<{ from: string; instructions: string[] }[]> {
  const text = await readFile(join(DEPLOY, 'Containerfile'), 'utf8')
  const joined = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
  const stages: { from: string; instructions: string[] }[] = []
  for (const line of joined.split('\n').map((l) => l.trim().replace(/\s+/g, ' '))) {
    if (line === '') continue
    if (line.startsWith('FROM ')) stages.push({ from: line, instructions: [] })
    else stages.at(-1)?.instructions.push(line)
  }
  return stages
}

describe('the Containerfile', () => {
  it('builds and packs in one stage, and only installs the packed tarball in the next', async () => {
    const stages = await readStages()
    expect(stages).toHaveLength(2)
    const [build, runtime] = stages as [(typeof stages)[0], (typeof stages)[0]]
    expect(build.from).toMatch(/^FROM \S+ AS build$/)
    const buildRuns = build.instructions.filter((i) => i.startsWith('RUN ')).join(' && ')
    expect(buildRuns).toMatch(/npm ci\b.*npm run build\b.*npm pack\b/)

    const runs = runtime.instructions.filter((i) => i.startsWith('RUN '))
    expect(runs.join(' ')).toMatch(/npm install -g --omit=dev .*\/kopuro-\*\.tgz/)
    expect(runs.join(' ')).not.toMatch(/npm ci|npm run build|tsx/)
    const copies = runtime.instructions.filter((i) => i.startsWith('COPY '))
    // From the build stage only the tarball; from the context only the health check.
    expect(copies).toEqual([
      'COPY --from=build /pack/ /tmp/pack/',
      'COPY deploy/healthcheck.mjs /usr/local/lib/kopuro/healthcheck.mjs',
    ])
  })

  it('runs kopuro as a non-root user with the node folder as a volume and a health check', async () => {
    const runtime = (await readStages())[1]!.instructions
    const users = runtime.filter((i) => i.startsWith('USER '))
    expect(users).toHaveLength(1)
    const user = users[0]!.slice('USER '.length)
    expect(user).not.toMatch(/^(root|0)(:|$)/)
    expect(runtime.join('\n')).toContain(`--uid ${user.split(':')[0]} `)
    expect(runtime).toContain('VOLUME ["/var/lib/kopuro"]')
    expect(runtime).toContain('ENTRYPOINT ["kopuro"]')
    expect(runtime).toContain('CMD ["gateway", "--config", "/var/lib/kopuro/gateway.json"]')
    const health = runtime.find((i) => i.startsWith('HEALTHCHECK '))
    // The health check reads the same configuration the node runs with.
    expect(health).toMatch(
      /CMD \["node", "\/usr\/local\/lib\/kopuro\/healthcheck\.mjs", "\/var\/lib\/kopuro\/gateway\.json"\]$/,
    )
  })

  it('keeps node_modules, dist and local state out of the build context', async () => {
    const ignored = (await readFile(join(ROOT, '.dockerignore'), 'utf8')).split('\n')
    for (const entry of ['node_modules', '.kopuro', 'dist', '*.tgz', '.git']) {
      expect(ignored).toContain(entry)
    }
  })
})

describe('compose.yaml', () => {
  /** The lines of one top-level service, by indentation (no YAML parser is a dependency). */
  async function service(name: string): Promise<string[]> {
    const lines = (await readFile(join(DEPLOY, 'compose.yaml'), 'utf8')).split('\n')
    const start = lines.indexOf(`  ${name}:`)
    expect(start, name).toBeGreaterThan(0)
    expect(lines.slice(0, start)).toContain('services:')
    const end = lines.findIndex((l, i) => i > start && /^ {0,2}\S/.test(l))
    return lines.slice(start + 1, end === -1 ? undefined : end).map((l) => l.trim())
  }

  it('runs Redis without persistence', async () => {
    const redis = await service('redis')
    expect(redis.find((l) => l.startsWith('image:'))).toMatch(/^image: redis:\d/)
    expect(redis).toContain("command: ['redis-server', '--save', '', '--appendonly', 'no']")
  })

  it('builds the gateway from the Containerfile and points its store at that Redis', async () => {
    const gateway = await service('gateway')
    expect(gateway).toContain('dockerfile: deploy/Containerfile')
    expect(gateway).toContain('context: ..')
    expect(gateway).toContain('KOPURO_REDIS_URL: redis://redis:6379')
    expect(gateway).toContain('- ${KOPURO_NODE_DIR:-./node}:/var/lib/kopuro')
    expect(gateway).toContain('condition: service_healthy')
    expect(gateway).toContain('init: true')
    expect(gateway).toContain('stop_signal: SIGTERM')
  })
})

describe('healthcheck.mjs', () => {
  let dir: string
  let server: Server
  let status = 200
  let port: number
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kopuro-health-'))
    server = createServer((req, res) => {
      res.writeHead(req.url === '/health' ? status : 404).end('{}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as { port: number }).port
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await rm(dir, { recursive: true, force: true })
  })

  async function check(listen: object | undefined): Promise<{ code: number; stderr: string }> {
    const file = join(dir, 'gateway.json')
    await writeFile(file, JSON.stringify(listen === undefined ? {} : { listen }))
    try {
      await run(process.execPath, [join(DEPLOY, 'healthcheck.mjs'), file])
      return { code: 0, stderr: '' }
    } catch (e) {
      const failed = e as { code: number; stderr: string }
      return { code: failed.code, stderr: failed.stderr }
    }
  }

  it('is healthy when /health on listen.adminPort answers 200, a wildcard host asked on loopback', async () => {
    status = 200
    expect(await check({ host: '0.0.0.0', adminPort: port })).toEqual({ code: 0, stderr: '' })
  })

  it('is unhealthy on another status, naming it', async () => {
    status = 503
    const result = await check({ host: '127.0.0.1', adminPort: port })
    expect(result).toEqual({
      code: 1,
      stderr: `unhealthy: http://127.0.0.1:${port}/health answered 503\n`,
    })
  })

  it('is unhealthy, saying why, when the config names no admin port', async () => {
    const result = await check({ host: '0.0.0.0' })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/sets no listen\.adminPort/)
  })
})
