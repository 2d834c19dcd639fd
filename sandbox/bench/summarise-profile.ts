// Sum V8 .cpuprofile samples into self time per function, per package and per nearest kopuro file.
//
//   node --import tsx sandbox/bench/summarise-profile.ts <dir-or-file>… [--top 25]
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ROOT } from './processes.js'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}

interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}

interface CpuProfile {
  startTime: number
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface Share {
  label: string
  ms: number
  /** Share of the busy (non-idle) time, %. */
  percent: number
}

export interface ProfileSummary {
  files: string[]
  totalMs: number
  idleMs: number
  busyMs: number
  functions: Share[]
  packages: Share[]
  /** Each sample charged to the innermost kopuro source file on its stack (inclusive time). */
  kopuroFiles: Share[]
}

const IDLE = '(idle)'
const NO_KOPURO_FRAME = '(no kopuro frame on the stack: event loop, node:http, hono dispatch)'

/** Where a frame's code comes from: a package, a node core area, a kopuro folder or a V8 marker. */
function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)'
  const modules = url.lastIndexOf('/node_modules/')
  if (modules >= 0) {
    const [first, second] = url.slice(modules + 14).split('/')
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? url)
  }
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/')
    return `node:${parts[0] === 'internal' && parts.length > 2 ? parts[1] : parts.at(-1)}`
  }
  const file = projectFile(url)
  return file ? file.split('/').slice(0, -1).join('/') : url
}

/** The project-relative path of a kopuro source file, or undefined for anything else. */
function projectFile(url: string): string | undefined {
  if (!url.startsWith('file://') || url.includes('/node_modules/')) return undefined
  const path = relative(ROOT, fileURLToPath(url))
  return path.startsWith('..') ? undefined : path
}

/** tsx compiles TypeScript without keeping lines, so a .ts frame is named by its file alone. */
function functionLabel(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)'
  const file = projectFile(frame.url)
  if (file) return `${name} ${file}`
  const where = frame.url.replace(/^.*\/node_modules\//, '')
  return where ? `${name} ${where}:${frame.lineNumber + 1}` : name
}

/** Maps each node id to the innermost kopuro file at or above it on the stack. */
function nearestKopuroFiles(profile: CpuProfile): Map<number, string> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const nearest = new Map<number, string>()
  const root = profile.nodes[0]
  const stack: [ProfileNode, string][] = root ? [[root, NO_KOPURO_FRAME]] : []
  while (stack.length > 0) {
    const [node, inherited] = stack.pop()!
    const own = projectFile(node.callFrame.url) ?? inherited
    nearest.set(node.id, own)
    for (const child of node.children ?? []) stack.push([byId.get(child)!, own])
  }
  return nearest
}

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us)
}

function ranked(map: Map<string, number>, busyUs: number, top: number): Share[] {
  return [...map.entries()]
    .filter(([label]) => label !== IDLE)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([label, us]) => ({ label, ms: us / 1000, percent: (100 * us) / busyUs }))
}

export interface SummaryOptions {
  /** How many rows each ranking keeps. */
  top?: number
  /** Samples in the first `skipMs` of each profile are left out (start-up, module loading). */
  skipMs?: number
}

/**
 * Sums the samples of one or more profiles (for example every thread of one process).
 *
 * @example const summary = summariseProfiles(await Promise.all(files.map(loadProfile)), files)
 */
export function summariseProfiles(
  profiles: CpuProfile[],
  files: string[],
  { top = 25, skipMs = 0 }: SummaryOptions = {},
): ProfileSummary {
  const functions = new Map<string, number>()
  const packages = new Map<string, number>()
  const kopuroFiles = new Map<string, number>()
  let totalUs = 0
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    const nearest = nearestKopuroFiles(profile)
    let elapsedUs = 0
    profile.samples.forEach((id, i) => {
      const us = profile.timeDeltas[i] ?? 0
      elapsedUs += us
      if (elapsedUs < skipMs * 1000) return
      const frame = byId.get(id)!.callFrame
      totalUs += us
      add(functions, frame.functionName === IDLE ? IDLE : functionLabel(frame), us)
      add(packages, packageOf(frame), us)
      add(kopuroFiles, frame.functionName === IDLE ? IDLE : nearest.get(id)!, us)
    })
  }
  const idleUs = functions.get(IDLE) ?? 0
  const busyUs = Math.max(1, totalUs - idleUs)
  return {
    files,
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    functions: ranked(functions, busyUs, top),
    packages: ranked(packages, busyUs, top),
    kopuroFiles: ranked(kopuroFiles, busyUs, top),
  }
}

export async function loadProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await readFile(file, 'utf8')) as CpuProfile
}

/** Every .cpuprofile file under the given files or folders. */
export async function findProfiles(paths: string[]): Promise<string[]> {
  const found: string[] = []
  for (const path of paths) {
    if (!(await stat(path)).isDirectory()) {
      found.push(path)
      continue
    }
    const entries = await readdir(path, { recursive: true })
    found.push(...entries.filter((e) => e.endsWith('.cpuprofile')).map((e) => join(path, e)))
  }
  return found.sort()
}

export function formatProfileSummary(title: string, summary: ProfileSummary): string {
  const section = (heading: string, shares: Share[]) => [
    `  ${heading}`,
    ...shares.map(
      (s) =>
        `    ${s.percent.toFixed(1).padStart(5)} %  ${s.ms.toFixed(0).padStart(7)} ms  ${s.label}`,
    ),
  ]
  return [
    `${title}: busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms sampled`,
    ...section('self time by function', summary.functions),
    ...section('self time by package / area', summary.packages),
    ...section('inclusive time by innermost kopuro file', summary.kopuroFiles),
  ].join('\n')
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      top: { type: 'string', default: '25' },
      'skip-ms': { type: 'string', default: '0' },
    },
  })
  if (positionals.length === 0) throw new TypeError('name at least one .cpuprofile file or folder')
  for (const path of positionals) {
    const files = await findProfiles([path])
    const summary = summariseProfiles(await Promise.all(files.map(loadProfile)), files, {
      top: Number(values.top),
      skipMs: Number(values['skip-ms']),
    })
    console.log(formatProfileSummary(path, summary) + '\n')
  }
}

if (import.meta.filename === process.argv[1]) await main()
