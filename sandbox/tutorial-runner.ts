// Runs a tutorial's shell blocks word by word in one bash, as a reader would paste them, and
// times each block: used by the tutorial's test and by the join-timing figure.
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'

export interface TutorialBlock {
  /** The `## ` heading the block sits under. */
  section: string
  script: string
}

export interface BlockTiming extends TutorialBlock {
  ms: number
}

export interface TutorialRun {
  code: number | null
  /** Everything the blocks printed, stdout and stderr interleaved. */
  output: string
  /** The blocks that ran to their end, with their wall time. */
  timings: BlockTiming[]
}

export interface RunOptions {
  /** The folder the blocks run in (the reader's empty folder). */
  cwd: string
  /** Prepended to PATH: where `kopuro` comes from. */
  binDir: string
  /** Rewrites each block before it runs (other addresses or ports for a parallel run). */
  localise?: (script: string) => string
  env?: NodeJS.ProcessEnv
  /** Kills the whole run (bash and everything it started) after this long. */
  timeoutMs?: number
}

/** The ```sh blocks of a Markdown document, in order, with their section headings. */
export function tutorialBlocks(markdown: string): TutorialBlock[] {
  const blocks: TutorialBlock[] = []
  let section = ''
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('## ')) section = line.slice(3)
    if (line !== '```sh') continue
    const body: string[] = []
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!)
    blocks.push({ section, script: body.join('\n') })
  }
  return blocks
}

export async function readTutorial(path: string): Promise<TutorialBlock[]> {
  return tutorialBlocks(await readFile(path, 'utf8'))
}

const MARK = '::kopuro-tutorial-block'

/**
 * Runs every block in one `bash` with `set -euo pipefail`, so variables carry over and the first
 * failing command stops the run. bash gets its own process group; whatever the blocks started in
 * the background is killed with it at the end, whether they stopped it or not.
 */
export function runTutorial(blocks: TutorialBlock[], options: RunOptions): Promise<TutorialRun> {
  const localise = options.localise ?? ((s: string) => s)
  const script = [
    'set -euo pipefail',
    ...blocks.flatMap((b, i) => [`echo "${MARK} ${i} $(date +%s%N)"`, localise(b.script)]),
    `echo "${MARK} ${blocks.length} $(date +%s%N)"`,
  ].join('\n')
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, PATH: `${options.binDir}:${process.env['PATH']}` },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    const marks: { index: number; ns: bigint }[] = []
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString()
    })
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // the group is gone already
      }
    }
    const timer = setTimeout(killGroup, options.timeoutMs ?? 600_000)
    // What the blocks left running holds the pipes open: once bash itself ends, stop the rest.
    let code: number | null = null
    child.on('exit', (exitCode) => {
      code = exitCode
      killGroup()
    })
    child.on('close', () => {
      clearTimeout(timer)
      const lines = output.split('\n')
      for (const line of lines) {
        const m = line.startsWith(MARK) ? /^\S+ (\d+) (\d+)$/.exec(line) : null
        if (m) marks.push({ index: Number(m[1]), ns: BigInt(m[2]!) })
      }
      const timings: BlockTiming[] = []
      for (let i = 0; i + 1 < marks.length; i++) {
        const block = blocks[marks[i]!.index]!
        timings.push({ ...block, ms: Number(marks[i + 1]!.ns - marks[i]!.ns) / 1e6 })
      }
      const shown = lines.filter((l) => !l.startsWith(MARK)).join('\n')
      resolve({ code, output: shown, timings })
    })
  })
}
