// Turn the benchmark's runs into a printed table, the kopuro-to-baseline ratios and a results file.
import { cpus, totalmem } from 'node:os'
import type { LoadResult } from './load.js'

export type TargetName = 'registry' | 'bare' | 'kopuro' | 'kopuro-redis'

export const TARGET_LABELS: Record<TargetName, string> = {
  registry: '(a) registry direct',
  bare: '(b) bare 2-hop proxy',
  kopuro: '(c) kopuro exchange',
  'kopuro-redis': '(d) kopuro on Redis',
}

export interface RunRecord {
  target: TargetName
  url: string
  connections: number
  result: LoadResult
}

export interface Machine {
  cpuModel: string
  cores: number
  memoryGb: number
  node: string
  platform: string
}

export interface Ratios {
  /** Requests/s of (c) over (b) at the highest concurrency measured. */
  kopuroOverBareRps: number | null
  rpsAtConnections: number
  /**
   * The same ratio predicted from server CPU per request ((b)'s over (c)'s): less sensitive to
   * other jobs on the machine than requests/s.
   */
  kopuroOverBareByCpu: number | null
  /** p50 of (c) minus p50 of (b) at the lowest concurrency, ms. */
  addedP50Ms: number | null
  p50AtConnections: number
  /** Requests/s of (d) over (c) at the highest concurrency: what the Redis store costs. */
  redisOverMemoryRps: number | null
  /** p50 of (d) minus p50 of (c) at the lowest concurrency, ms. */
  redisAddedP50Ms: number | null
}

export function describeMachine(): Machine {
  const list = cpus()
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  }
}

export function computeRatios(runs: RunRecord[], connections: number[]): Ratios {
  const high = Math.max(...connections)
  const low = Math.min(...connections)
  const find = (target: TargetName, c: number) =>
    runs.find((r) => r.target === target && r.connections === c)?.result
  const [bareHigh, kopuroHigh] = [find('bare', high), find('kopuro', high)]
  const [bareLow, kopuroLow] = [find('bare', low), find('kopuro', low)]
  const [redisHigh, redisLow] = [find('kopuro-redis', high), find('kopuro-redis', low)]
  return {
    kopuroOverBareRps: rpsRatio(kopuroHigh, bareHigh),
    rpsAtConnections: high,
    kopuroOverBareByCpu: bareHigh && kopuroHigh ? cpuRatio(bareHigh, kopuroHigh) : null,
    addedP50Ms: addedP50(kopuroLow, bareLow),
    p50AtConnections: low,
    redisOverMemoryRps: rpsRatio(redisHigh, kopuroHigh),
    redisAddedP50Ms: addedP50(redisLow, kopuroLow),
  }
}

function rpsRatio(over: LoadResult | undefined, under: LoadResult | undefined): number | null {
  return over && under ? over.requestsPerSecond.mean / under.requestsPerSecond.mean : null
}

function addedP50(slow: LoadResult | undefined, fast: LoadResult | undefined): number | null {
  return slow && fast ? slow.latencyMs.p50 - fast.latencyMs.p50 : null
}

const COLUMNS = [
  'target',
  'conns',
  'req/s',
  'p50 ms',
  'p99 ms',
  'errors/non-2xx',
  'other load',
  'CPU µs/req',
]

function serverEntries(result: LoadResult): [string, number | null][] {
  return Object.entries(result.cpuPerRequestUs).filter(([name]) => name !== 'load generator')
}

/** Server CPU per request, µs, summed over the processes serving the target; null if unknown. */
function serverCpuUs(result: LoadResult): number | null {
  const entries = serverEntries(result)
  if (entries.some(([, us]) => us === null)) return null
  return entries.reduce((sum, [, us]) => sum + (us ?? 0), 0)
}

function cpuRatio(bare: LoadResult, kopuro: LoadResult): number | null {
  const [b, c] = [serverCpuUs(bare), serverCpuUs(kopuro)]
  return b === null || c === null || c === 0 ? null : b / c
}

/** CPU per request summed over the server-side processes, with the per-process split after it. */
function cpuCell(result: LoadResult): string {
  const entries = serverEntries(result)
  const total = serverCpuUs(result)
  if (total === null) return 'n/a'
  const split = entries.map(([name, us]) => `${name} ${Math.round(us ?? 0)}`).join(', ')
  return `${Math.round(total)} (${split})`
}

export function formatTable(runs: RunRecord[]): string {
  const rows = runs.map((r) => [
    TARGET_LABELS[r.target],
    String(r.connections),
    r.result.requestsPerSecond.mean.toFixed(0),
    r.result.latencyMs.p50.toFixed(3),
    r.result.latencyMs.p99.toFixed(3),
    `${r.result.errors + r.result.timeouts}/${r.result.non2xx}`,
    r.result.backgroundCores === null ? 'n/a' : `${r.result.backgroundCores.toFixed(2)} cores`,
    cpuCell(r.result),
  ])
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) =>
    cells.map((cell, i) =>
      i === 0 || i === 7 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
    )
  return [line(COLUMNS), widths.map((w) => '-'.repeat(w)), ...rows.map(line)]
    .map((cells) => cells.join('  ').trimEnd())
    .join('\n')
}

/** Other jobs on the machine above this many cores make a run's figures suspect. */
const BACKGROUND_WARNING_CORES = 0.1

export function formatSummary(ratios: Ratios, machine: Machine, runs: RunRecord[]): string {
  const [high, low] = [ratios.rpsAtConnections, ratios.p50AtConnections]
  return [
    `c/b requests/s at c=${high}: ${percent(ratios.kopuroOverBareRps, 'bare and kopuro')}`,
    `c/b predicted from server CPU per request at c=${high}: ${percent(ratios.kopuroOverBareByCpu, 'bare and kopuro')}`,
    `added p50 of c over b at c=${low}: ${milliseconds(ratios.addedP50Ms, 'bare and kopuro')}`,
    `d/c (kopuro-redis/kopuro) requests/s at c=${high}: ${percent(ratios.redisOverMemoryRps, 'kopuro and kopuro-redis')}`,
    `added p50 of d over c at c=${low}: ${milliseconds(ratios.redisAddedP50Ms, 'kopuro and kopuro-redis')}`,
    ...backgroundWarning(runs),
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, ${machine.platform}`,
  ].join('\n')
}

function percent(ratio: number | null, needs: string): string {
  return ratio === null
    ? `n/a (needs ${needs})`
    : `${ratio.toFixed(3)} (${(ratio * 100).toFixed(1)} %)`
}

function milliseconds(ms: number | null, needs: string): string {
  return ms === null ? `n/a (needs ${needs})` : `${ms.toFixed(3)} ms`
}

function backgroundWarning(runs: RunRecord[]): string[] {
  const busy = runs.filter((r) => (r.result.backgroundCores ?? 0) > BACKGROUND_WARNING_CORES)
  if (busy.length === 0) return []
  const names = busy.map((r) => `${TARGET_LABELS[r.target]} c=${r.connections}`).join('; ')
  return [`WARNING: other processes used CPU during: ${names} (see "other load")`]
}
