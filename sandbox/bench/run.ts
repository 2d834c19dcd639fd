// `npm run bench`: the registry, a bare two-hop proxy and the kopuro exchange (memory store, then
// Redis store) under the same load.
//
//   npm run bench -- [--duration 10] [--warmup 2] [--connections 1,32]
//                    [--targets registry,bare,kopuro,kopuro-redis] [--out bench-results.json]
//   REDIS_URL=redis://… npm run bench   # kopuro-redis uses it if it answers, else a private
//                                       # redis-server, else is skipped (with the reason printed)
//   KOPURO_BENCH_PROFILE=1 npm run bench -- --targets kopuro   # adds V8 CPU profiles of the hops
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startTimedBar } from '../../gateway/cli/progress.js'
import { findRedis } from './bench-redis.js'
import { assertClean, runLoad } from './load.js'
import { createProcessGroup, type ProcessGroup } from './processes.js'
import { startRedisTarget } from './redis-gateways.js'
import {
  computeRatios,
  describeMachine,
  formatSummary,
  formatTable,
  TARGET_LABELS,
  type RunRecord,
  type TargetName,
} from './report.js'
import {
  findProfiles,
  formatProfileSummary,
  loadProfile,
  summariseProfiles,
  type ProfileSummary,
} from './summarise-profile.js'
import { defineTargets, pickPin, preflight, type Target } from './targets.js'
import { profileFolder, startTopology } from './topology.js'

const ALL_TARGETS: TargetName[] = ['registry', 'bare', 'kopuro', 'kopuro-redis']

interface BenchOptions {
  durationSeconds: number
  warmupSeconds: number
  connections: number[]
  targets: TargetName[]
  out: string
  profileDir: string | undefined
}

function positiveNumbers(text: string, flag: string): number[] {
  const numbers = text.split(',').map(Number)
  if (numbers.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new TypeError(`${flag} takes positive whole numbers`)
  }
  return numbers
}

async function parseOptions(argv: string[]): Promise<BenchOptions> {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '1,32' },
      targets: { type: 'string', default: ALL_TARGETS.join(',') },
      out: { type: 'string', default: 'bench-results.json' },
    },
  })
  const targets = values.targets.split(',') as TargetName[]
  if (targets.some((t) => !ALL_TARGETS.includes(t))) {
    throw new TypeError(`--targets takes a list of ${ALL_TARGETS.join(', ')}`)
  }
  const profile = process.env['KOPURO_BENCH_PROFILE'] === '1'
  return {
    durationSeconds: positiveNumbers(values.duration, '--duration')[0]!,
    warmupSeconds: Number(values.warmup),
    connections: positiveNumbers(values.connections, '--connections'),
    targets,
    out: values.out,
    profileDir: profile
      ? (process.env['KOPURO_BENCH_PROFILE_DIR'] ?? (await mkdtemp(join(tmpdir(), 'kopuro-prof-'))))
      : undefined,
  }
}

async function measureAll(
  group: ProcessGroup,
  targets: Target[],
  options: BenchOptions,
): Promise<RunRecord[]> {
  const runs: RunRecord[] = []
  for (const target of targets) {
    for (const connections of options.connections) {
      runs.push(await measureOne(group, target, connections, options))
    }
  }
  return runs
}

/** One load run; on a terminal a bar fills with its seconds, elsewhere one line as logs expect. */
async function measureOne(
  group: ProcessGroup,
  target: Target,
  connections: number,
  options: BenchOptions,
): Promise<RunRecord> {
  const label = `${TARGET_LABELS[target.name]} c=${connections}`
  const { warmupSeconds, durationSeconds } = options
  const phase = `measuring ${label} (${warmupSeconds} s warm-up + ${durationSeconds} s)`
  group.assertAlive()
  const spec = { url: target.url, headers: await target.headers(), connections }
  const bar = startTimedBar({ label: phase, seconds: warmupSeconds + durationSeconds })
  if (!bar) console.error(phase)
  let result
  try {
    result = await runLoad(group, { ...spec, durationSeconds, warmupSeconds }, target.watched)
  } finally {
    bar?.stop()
  }
  group.assertAlive()
  assertClean(label, result)
  return { target: target.name, url: target.url, connections, result }
}

/**
 * Summarises each profiled process from the start of its first measured window, so start-up
 * (module loading, key import) does not count; the profiles still cover every later run.
 */
async function summariseProfileDir(
  dir: string,
  measured: Measured,
): Promise<Record<string, ProfileSummary>> {
  const summaries: Record<string, ProfileSummary> = {}
  for (const [name, skipMs] of Object.entries(measured.profileSkipMs)) {
    const files = await findProfiles([join(dir, profileFolder(name))]).catch(() => [])
    if (files.length === 0) continue
    const profiles = await Promise.all(files.map(loadProfile))
    summaries[name] = summariseProfiles(profiles, files, { skipMs })
    console.log(`\n${formatProfileSummary(name, summaries[name])}`)
  }
  return summaries
}

/** For each process a run watched: ms from its spawn to the first measured window it served. */
function profileSkips(targets: Target[], runs: RunRecord[]): Record<string, number> {
  const skips: Record<string, number> = {}
  for (const run of runs) {
    for (const p of targets.find((t) => t.name === run.target)?.watched ?? []) {
      skips[p.name] ??= run.result.measuredFrom - p.spawnedAt
    }
  }
  return skips
}

interface Measured {
  pin: string
  runs: RunRecord[]
  profileSkipMs: Record<string, number>
  /** Which Redis (d) ran on, or why it was skipped; undefined when (d) was not asked for. */
  redisNote: string | undefined
}

async function bench(group: ProcessGroup, dir: string, options: BenchOptions): Promise<Measured> {
  const redis = options.targets.includes('kopuro-redis') ? await findRedis(group) : undefined
  if (redis) console.error(`${TARGET_LABELS['kopuro-redis']}: ${redis.note}`)
  console.error(`starting registry, bare hops and gateways (federation in ${dir})`)
  const topology = await startTopology(group, dir, { profileDir: options.profileDir })
  const pin = await pickPin(topology.ports.registry)
  const targets = defineTargets(topology, pin).filter((t) => options.targets.includes(t.name))
  for (const target of targets) await preflight(target, pin)
  const runs = await measureAll(group, targets, options)
  if (redis?.url !== undefined) {
    console.error('restarting both gateways on the Redis store (same ports)')
    const target = await startRedisTarget(group, topology, pin, {
      profileDir: options.profileDir,
      redisUrl: redis.url,
      redisServer: redis.server,
    })
    targets.push(target)
    runs.push(...(await measureAll(group, [target], options)))
  }
  return { pin, runs, profileSkipMs: profileSkips(targets, runs), redisNote: redis?.note }
}

async function main(): Promise<void> {
  const options = await parseOptions(process.argv.slice(2))
  const dir = await mkdtemp(join(tmpdir(), 'kopuro-bench-'))
  const group = createProcessGroup()
  const cleanUp = async () => {
    await group.stopAll()
    await rm(dir, { recursive: true, force: true })
  }
  const interrupt = () => {
    console.error('interrupted: stopping every process …')
    void cleanUp().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupt)
  process.once('SIGTERM', interrupt)
  let measured: Measured
  try {
    measured = await bench(group, dir, options)
  } finally {
    await cleanUp()
  }
  await report(options, measured)
}

/** Prints the table, the ratios and any profiles, and writes every figure to the results file. */
async function report(options: BenchOptions, measured: Measured): Promise<void> {
  const machine = describeMachine()
  const ratios = computeRatios(measured.runs, options.connections)
  console.log(`\n${formatTable(measured.runs)}\n\n${formatSummary(ratios, machine, measured.runs)}`)
  if (measured.redisNote) console.log(`${TARGET_LABELS['kopuro-redis']}: ${measured.redisNote}`)
  let profiles: Record<string, ProfileSummary> | undefined
  if (options.profileDir) {
    console.log(`\nprofiled run (figures include the profiler's cost): ${options.profileDir}`)
    profiles = await summariseProfileDir(options.profileDir, measured)
  }
  const results = {
    date: new Date().toISOString(),
    machine,
    options: { ...options, profileDir: options.profileDir ?? null },
    pin: measured.pin,
    redis: measured.redisNote ?? null,
    runs: measured.runs,
    ratios,
    profiles,
  }
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\nresults written to ${options.out}`)
}

main().catch((error: unknown) => {
  console.error(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  )
  process.exitCode = 1
})
