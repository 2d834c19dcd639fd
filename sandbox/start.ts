// `npm start`: generate what is missing, start the sandbox federation, and stop it cleanly on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { issueRoleToken } from '../gateway/admin/index.js'
import { adminKeyFile, prepareFederation, type PreparedFederation } from './prepare-federation.js'
import {
  CLIENTS,
  DIRECTORY_URLS,
  sandboxPlan,
  sandboxRegistries,
  type RegistryProcess,
} from './sandbox-plan.js'
import { authorityFiles } from './seed-authority.js'
import { DEMO_PIN } from '../services/shared/index.js'
import { waitForHttp } from './wait-for-http.js'

const ROOT = resolve(import.meta.dirname, '..')
const DIR = join(ROOT, '.kopuro')
const CLI = join(ROOT, 'gateway/cli/main.ts')

interface Child {
  name: string
  process: ChildProcess
  ready: string
}

async function main(): Promise<void> {
  if (process.argv.includes('--reset')) await rm(DIR, { recursive: true, force: true })
  await mkdir(DIR, { recursive: true })
  console.log('kopuro sandbox: preparing PKI and directory in .kopuro/ …')
  const federation = await prepareFederation(DIR, sandboxPlan(), {
    onProgress: (s) => console.log(`  ${s}`),
    authority: { url: DIRECTORY_URLS.authority, mirrorUrl: DIRECTORY_URLS.mirror },
    store: redisUrl() ? { kind: 'redis', url: redisUrl() } : undefined,
  })
  const children: Child[] = []
  const stop = once(() => shutdown(children))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  // The directory first: gateways load it before they serve anything.
  const waves = [
    () => startDirectory(federation),
    () => [...sandboxRegistries().map(startRegistry), ...federation.nodes.map(startGateway)],
  ]
  for (const wave of waves) {
    const started = wave()
    children.push(...started)
    for (const child of started) {
      process.stdout.write(`  starting ${child.name.padEnd(28)} `)
      const ok = await waitForHttp(child.ready, { timeoutMs: 45_000 }).then(
        () => true,
        (e: Error) => (console.log(`FAILED (${e.message})`), false),
      )
      if (!ok) return stop()
      console.log('ready')
    }
  }
  await writeSandboxFile(federation, children)
  printSummary(federation)
}

/** The directory authority and one mirror, each its own process: no single point of failure. */
function startDirectory(federation: PreparedFederation): Child[] {
  const files = authorityFiles(DIR)
  const authority = spawnTs('directory authority', CLI, [
    'directory',
    'serve',
    '--state',
    files.stateFile,
    '--change-log',
    files.changeLogDir,
    '--directory-key',
    join(DIR, 'pki', 'federation', 'directory-key.private.jwk.json'),
    '--auto-approve',
    '--port',
    String(new URL(DIRECTORY_URLS.authority).port),
  ])
  const mirror = spawnTs('directory mirror', CLI, [
    'directory',
    'mirror',
    '--anchor',
    federation.anchorFile,
    '--from',
    `${DIRECTORY_URLS.authority}/directory`,
    '--cache-file',
    join(DIR, 'directory', 'mirror-cache.jws'),
    '--poll',
    '10000',
    '--port',
    String(new URL(DIRECTORY_URLS.mirror).port),
  ])
  return [
    {
      name: 'directory authority',
      process: authority,
      ready: `${DIRECTORY_URLS.authority}/directory`,
    },
    { name: 'directory mirror', process: mirror, ready: `${DIRECTORY_URLS.mirror}/directory` },
  ]
}

function startRegistry(registry: RegistryProcess): Child {
  const child = spawnTs(registry.name, join(ROOT, registry.module), [], {
    PORT: String(registry.port),
  })
  return { name: registry.name, process: child, ready: `http://127.0.0.1:${registry.port}/health` }
}

function startGateway(node: PreparedFederation['nodes'][number]): Child {
  const child = spawnTs(node.nodeId, CLI, ['gateway', '--config', node.configFile])
  const admin = `http://${node.config.listen.host}:${node.config.listen.adminPort}`
  return { name: `gateway ${node.nodeId}`, process: child, ready: `${admin}/ready` }
}

function spawnTs(
  name: string,
  file: string,
  args: string[],
  env: Record<string, string> = {},
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(`${name} exited with code ${code}`)
  })
  return child
}

/** `npm start -- --redis <url>`: every gateway keeps its shared state in that Redis. */
function redisUrl(): string | undefined {
  const i = process.argv.indexOf('--redis')
  if (i === -1) return undefined
  const url = process.argv[i + 1]
  if (!url || !/^rediss?:\/\//.test(url)) {
    console.error('--redis needs a redis:// or rediss:// URL')
    process.exit(2)
  }
  return url
}

async function writeSandboxFile(federation: PreparedFederation, children: Child[]): Promise<void> {
  const sandbox = {
    processes: children.map((c) => ({ name: c.name, pid: c.process.pid })),
    gateways: federation.nodes.map((n) => ({
      node: n.nodeId,
      consumerUrl: `http://${n.config.listen.host}:${n.config.listen.consumerPort}`,
      federationUrl: `https://${n.config.listen.host}:${n.config.listen.federationPort}`,
      adminUrl: `http://${n.config.listen.host}:${n.config.listen.adminPort}`,
      auditDir: n.config.audit.dir,
    })),
    roleTokens: await roleTokens(federation),
    clients: federation.clients.map((c) => ({
      id: c.subsystem,
      privateKeyFile: c.privateKeyFile,
      tokenEndpoint: c.tokenEndpoint,
      consumerUrl: c.consumerUrl,
    })),
    directory: {
      authorityUrl: DIRECTORY_URLS.authority,
      mirrorUrl: DIRECTORY_URLS.mirror,
      anchorFile: federation.anchorFile,
      registryFile: authorityFiles(DIR).stateFile,
    },
  }
  await writeFile(join(DIR, 'sandbox.json'), JSON.stringify(sandbox, null, 2))
}

/** Admin and auditor tokens for every member's gateways, valid for a day (sandbox only). */
async function roleTokens(
  federation: PreparedFederation,
): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {}
  for (const memberId of new Set(federation.nodes.map((n) => n.memberId))) {
    const key = JSON.parse(await readFile(adminKeyFile(DIR, memberId), 'utf8'))
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

function printSummary(federation: PreparedFederation): void {
  const client = federation.clients.find((c) => c.subsystem === CLIENTS.bank)!
  console.log('\nkopuro sandbox is running (Ctrl-C to stop). Described in .kopuro/sandbox.json\n')
  for (const n of federation.nodes) {
    console.log(
      `  ${n.nodeId.padEnd(22)} consumer :${n.config.listen.consumerPort}  federation :${n.config.listen.federationPort}  admin :${n.config.listen.adminPort}`,
    )
  }
  console.log(`\nTry it:\n  T=$(npx kopuro token --client ${client.subsystem})`)
  console.log(
    `  curl -H "Authorization: Bearer $T" -H "X-Road-Client: ${client.subsystem}" \\\n` +
      `    ${client.consumerUrl}/r1/KG/GOV/70000001/population/persons/${DEMO_PIN}\n`,
  )
}

function shutdown(children: Child[]): void {
  console.log('\nstopping …')
  for (const c of children) c.process.kill('SIGTERM')
  const timer = setTimeout(() => {
    for (const c of children) c.process.kill('SIGKILL')
    process.exit(0)
  }, 5000)
  timer.unref()
  Promise.all(
    children.map(
      (c) =>
        new Promise((r) => (c.process.exitCode !== null ? r(null) : c.process.once('exit', r))),
    ),
  ).then(() => process.exit(0))
}

function once(f: () => void): () => void {
  let done = false
  return () => {
    if (!done) f()
    done = true
  }
}

await main()
