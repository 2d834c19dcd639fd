// `npm start`: generate what is missing, start the sandbox federation, and stop it cleanly on Ctrl-C.
import { randomBytes } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { Command, InvalidArgumentError } from 'commander'
import { issueRoleToken } from '../gateway/admin/index.js'
import { makePrivateDir } from '../gateway/lib/private-files.js'
import { DEMO_PIN } from '../services/shared/index.js'
import { startControlApi } from './control-api.js'
import { portsInUse } from './ports-in-use.js'
import {
  adminKeyFile,
  logKeyFile,
  prepareFederation,
  type PreparedFederation,
} from './prepare-federation.js'
import { writeSandboxFile, type SandboxDescription } from './sandbox-file.js'
import {
  CLIENTS,
  gatewayProcessName,
  SANDBOX_PORT_BASE,
  sandboxPlan,
  sandboxRegistries,
  sandboxUrls,
} from './sandbox-plan.js'
import { authorityFiles } from './seed-authority.js'
import { Supervisor, type ProcessSpec } from './supervisor.js'

const ROOT = resolve(import.meta.dirname, '..')
const CLI = join(ROOT, 'gateway/cli/main.ts')

interface StartOptions {
  dir: string
  portBase: number
  reset: boolean
  redis?: string
  console: boolean
}

function parseOptions(argv: string[]): StartOptions {
  const program = new Command('npm start --')
    .description('Start the kopuro sandbox federation: directory, registries, gateways, console.')
    .option('--reset', 'delete the sandbox directory first: fresh PKI, keys, logs', false)
    .option('--redis <url>', "keep every gateway's shared state in this Redis", redisUrl)
    .option('--dir <dir>', 'where PKI, configs, logs and sandbox.json live', '.kopuro')
    .option(
      '--port-base <port>',
      'first of the 100 ports the sandbox uses',
      port,
      SANDBOX_PORT_BASE,
    )
    .option('--no-console', 'do not start the web console')
    .addHelpText(
      'after',
      '\nPorts: console base, registries base+1…5, directory authority base+6, mirror base+7,\n' +
        'control API base+8, member gateways base+11…base+99.',
    )
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
  program.parse(argv, { from: 'user' })
  const o = program.opts<StartOptions>()
  return { ...o, dir: resolve(o.dir) }
}

function redisUrl(url: string): string {
  if (!/^rediss?:\/\//.test(url)) throw new InvalidArgumentError('a redis:// or rediss:// URL')
  return url
}

function port(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1024 || n > 65_435) {
    throw new InvalidArgumentError('a port from 1024 to 65435')
  }
  return n
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const { dir, portBase } = options
  const urls = sandboxUrls(portBase)
  if (options.reset) await rm(dir, { recursive: true, force: true })
  await makePrivateDir(dir)
  const rel = relative(process.cwd(), dir)
  const shown = rel === '' ? '.' : rel.startsWith('..') ? dir : rel
  console.log(
    `kopuro sandbox in ${shown}/ on ports ${portBase}–${portBase + 99}` +
      (options.redis ? `, shared state in ${options.redis}` : ', shared state in memory'),
  )
  console.log('\n[1/3] PKI, keys and the signed directory')
  const started = Date.now()
  const federation = await prepareFederation(dir, sandboxPlan(portBase), {
    onProgress: (s) => console.log(`      ${s}`),
    authority: { url: urls.authority, mirrorUrl: urls.mirror },
    store: options.redis ? { kind: 'redis', url: options.redis } : undefined,
  })
  console.log(`      done in ${((Date.now() - started) / 1000).toFixed(1)} s`)

  const supervisor = new Supervisor({
    cwd: ROOT,
    // Seventeen processes compile and load at once: a 2-core machine needs a while.
    readyTimeoutMs: 180_000,
    onUnexpectedExit: (name, code, signal) =>
      console.error(`  ! ${name} exited (${signal ?? `code ${code}`})`),
  })
  const control = { url: urls.control, token: randomBytes(24).toString('base64url') }
  const sandboxFile = join(dir, 'sandbox.json')
  // Everything but the processes is fixed for the run; pids change when one is restarted.
  const fixed = await description(federation, options, control)
  const describe = () =>
    writeSandboxFile(sandboxFile, { ...fixed, processes: processesOf(supervisor) })
  let stopping = false
  const stop = async (code: number) => {
    if (stopping) return
    stopping = true
    console.log('\nstopping the sandbox …')
    await supervisor.stopAll()
    held.controlServer?.close()
    await rm(sandboxFile, { force: true })
    console.log('stopped: every process has exited')
    process.exit(code)
  }
  // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by npm and
  // tsx); a second signal without a handler would kill it before its children are down.
  process.on('SIGINT', () => void stop(0))
  process.on('SIGTERM', () => void stop(0))
  const held: { controlServer?: Awaited<ReturnType<typeof startControlApi>> } = {}

  // The directory first: gateways load it before they serve anything; the console last.
  const specs = processSpecs(federation, options)
  const taken = await portsInUse(sandboxPorts(federation, specs, portBase))
  if (taken.length > 0) {
    console.error(
      `\nports in use by another program: ${taken.join(', ')}\n` +
        `stop what holds them, or move the sandbox: npm start -- --port-base ${portBase + 1000}`,
    )
    process.exit(1)
  }
  const waves: ProcessSpec['kind'][][] = [['directory'], ['registry', 'gateway'], ['console']]
  console.log(`\n[2/3] starting ${specs.length} processes`)
  let n = 0
  for (const kinds of waves) {
    const wave = specs.filter((s) => kinds.includes(s.kind))
    if (wave.length === 0) continue
    for (const spec of wave) supervisor.spawn(spec)
    if (kinds.includes('console')) await describe()
    const results = await Promise.all(
      wave.map(async (spec) => {
        const t0 = Date.now()
        const outcome = await supervisor.waitReady(spec.name).then(
          () => 'ready',
          (e: Error) => `FAILED: ${e.message}`,
        )
        n += 1
        const counter = `[${String(n).padStart(2)}/${specs.length}]`
        const secs = `${((Date.now() - t0) / 1000).toFixed(1)} s`
        console.log(
          `  ${counter} ${spec.name.padEnd(34)} :${spec.port}  ${outcome}${outcome === 'ready' ? `  ${secs}` : ''}`,
        )
        return outcome === 'ready'
      }),
    )
    if (results.includes(false)) {
      console.error('\nthe sandbox did not start; stopping what did')
      return stop(1)
    }
  }
  held.controlServer = await startControlApi({
    supervisor,
    token: control.token,
    port: portBase + 8,
    onChange: describe,
  })
  await describe()
  console.log(`\n[3/3] ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  printSummary(federation, options, shown)
}

/** Every port the sandbox listens on: each process's, each node's three, and the control API. */
function sandboxPorts(
  federation: PreparedFederation,
  specs: ProcessSpec[],
  portBase: number,
): number[] {
  const nodePorts = federation.nodes.flatMap((n) => {
    const l = n.config.listen
    return [l.consumerPort, l.federationPort, l.adminPort ?? 0]
  })
  const all = [...specs.map((s) => s.port), ...nodePorts, portBase + 8]
  return [...new Set(all)].filter((p) => p > 0).sort((a, b) => a - b)
}

function processSpecs(federation: PreparedFederation, options: StartOptions): ProcessSpec[] {
  const { dir, portBase } = options
  const urls = sandboxUrls(portBase)
  const files = authorityFiles(dir)
  const portOf = (url: string) => Number(new URL(url).port)
  const specs: ProcessSpec[] = [
    {
      name: 'directory authority',
      kind: 'directory',
      module: CLI,
      args: [
        'directory',
        'serve',
        '--state',
        files.stateFile,
        '--change-log',
        files.changeLogDir,
        '--directory-key',
        join(dir, 'pki', 'federation', 'directory-key.private.jwk.json'),
        '--auto-approve',
        '--port',
        String(portOf(urls.authority)),
      ],
      readyUrl: `${urls.authority}/directory`,
      port: portOf(urls.authority),
    },
    {
      name: 'directory mirror',
      kind: 'directory',
      module: CLI,
      args: [
        'directory',
        'mirror',
        '--anchor',
        federation.anchorFile,
        '--from',
        `${urls.authority}/directory`,
        '--cache-file',
        join(dir, 'directory', 'mirror-cache.jws'),
        '--poll',
        '10000',
        '--port',
        String(portOf(urls.mirror)),
      ],
      readyUrl: `${urls.mirror}/directory`,
      port: portOf(urls.mirror),
    },
  ]
  for (const registry of sandboxRegistries(portBase)) {
    specs.push({
      name: registry.name,
      kind: 'registry',
      module: join(ROOT, registry.module),
      args: [],
      env: { PORT: String(registry.port) },
      readyUrl: `http://127.0.0.1:${registry.port}/health`,
      port: registry.port,
    })
  }
  for (const node of federation.nodes) {
    const { host, consumerPort, adminPort } = node.config.listen
    specs.push({
      name: gatewayProcessName(node.nodeId),
      kind: 'gateway',
      module: CLI,
      args: ['gateway', '--config', node.configFile],
      readyUrl: `http://${host}:${adminPort}/ready`,
      port: consumerPort,
    })
  }
  if (options.console) {
    specs.push({
      name: 'console',
      kind: 'console',
      module: join(ROOT, 'sandbox/console/server.ts'),
      args: ['--sandbox', join(dir, 'sandbox.json'), '--port', String(portBase)],
      readyUrl: `${urls.console}/health`,
      port: portBase,
    })
  }
  return specs
}

function processesOf(supervisor: Supervisor): SandboxDescription['processes'] {
  return supervisor.list().map((p) => ({
    name: p.name,
    pid: p.pid,
    kind: p.kind as SandboxDescription['processes'][number]['kind'],
    readyUrl: p.readyUrl,
  }))
}

async function description(
  federation: PreparedFederation,
  options: StartOptions,
  control: { url: string; token: string },
): Promise<Omit<SandboxDescription, 'processes'>> {
  const { dir, portBase } = options
  const urls = sandboxUrls(portBase)
  const plan = sandboxPlan(portBase)
  return {
    startedAt: new Date().toISOString(),
    portBase,
    consoleUrl: urls.console,
    control,
    gateways: await Promise.all(
      federation.nodes.map(async (n) => {
        const { d: _d, ...logPublicKey } = JSON.parse(
          await readFile(logKeyFile(dir, n.nodeId), 'utf8'),
        ) as Record<string, unknown>
        return {
          node: n.nodeId,
          memberId: n.memberId,
          consumerUrl: `http://${n.config.listen.host}:${n.config.listen.consumerPort}`,
          federationUrl: `https://${n.config.listen.host}:${n.config.listen.federationPort}`,
          adminUrl: `http://${n.config.listen.host}:${n.config.listen.adminPort}`,
          auditDir: n.config.audit.dir,
          logPublicKey,
        }
      }),
    ),
    members: plan.members.map((m) => ({
      id: m.id,
      name: m.name,
      services: m.services.map((s) => ({ id: s.id, title: s.title })),
    })),
    registries: sandboxRegistries(portBase).map((r) => ({
      name: r.name,
      url: `http://127.0.0.1:${r.port}`,
    })),
    roleTokens: await roleTokens(federation, dir),
    clients: federation.clients.map((c) => ({
      id: c.subsystem,
      privateKeyFile: c.privateKeyFile,
      tokenEndpoint: c.tokenEndpoint,
      consumerUrl: c.consumerUrl,
    })),
    directory: {
      authorityUrl: urls.authority,
      mirrorUrl: urls.mirror,
      anchorFile: federation.anchorFile,
      registryFile: authorityFiles(dir).stateFile,
    },
    demoPin: DEMO_PIN,
  }
}

/** Admin and auditor tokens for every member's gateways, valid for a day (sandbox only). */
async function roleTokens(
  federation: PreparedFederation,
  dir: string,
): Promise<SandboxDescription['roleTokens']> {
  const out: SandboxDescription['roleTokens'] = {}
  for (const memberId of new Set(federation.nodes.map((n) => n.memberId))) {
    const key = JSON.parse(await readFile(adminKeyFile(dir, memberId), 'utf8'))
    const sign = (role: 'admin' | 'auditor') =>
      issueRoleToken(
        key,
        { memberId, now: Date.now },
        { subject: `sandbox-${role}`, role },
        24 * 3600,
      )
    out[memberId] = { admin: await sign('admin'), auditor: await sign('auditor') }
  }
  return out
}

function printSummary(federation: PreparedFederation, options: StartOptions, shown: string): void {
  const urls = sandboxUrls(options.portBase)
  const rows: string[][] = [['', 'consumer', 'federation', 'admin']]
  for (const n of federation.nodes) {
    const l = n.config.listen
    rows.push([n.nodeId, `:${l.consumerPort}`, `:${l.federationPort}`, `:${l.adminPort}`])
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => '  ' + r.map((c, i) => c.padEnd(widths[i]!)).join('   ')
  console.log('\nkopuro sandbox is running. Ctrl-C stops every process.\n')
  if (options.console) console.log(`  console             ${urls.console}`)
  console.log(`  directory           ${urls.authority}/directory  (mirror ${urls.mirror})`)
  console.log(`  described in        ${shown}/sandbox.json\n`)
  console.log(line(rows[0]!))
  for (const r of rows.slice(1)) console.log(line(r))
  const bank = federation.clients.find((c) => c.subsystem === CLIENTS.bank)!
  console.log('\nTry it:')
  if (shown !== '.kopuro')
    console.log(`  export KOPURO_SANDBOX=${join(options.dir, 'sandbox.json')}`)
  console.log(`  T=$(npx kopuro token --client ${bank.subsystem})`)
  console.log(
    `  curl -H "Authorization: Bearer $T" -H "X-Road-Client: ${bank.subsystem}" \\\n` +
      `    ${bank.consumerUrl}/r1/KG/GOV/70000001/population/persons/${DEMO_PIN}`,
  )
  console.log('  npm run demo\n')
}

await main()
