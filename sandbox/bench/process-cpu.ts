// CPU time of other processes, read from /proc, to price each request per process.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let ticksPerSecond: number | undefined

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
  return ticksPerSecond
}

/**
 * User + system CPU a process has used so far, ms; undefined where /proc is missing (not Linux)
 * or the process is gone. Resolution is one clock tick (10 ms), ample over a run of seconds.
 *
 * @example const before = processCpuMs(pid)
 */
export function processCpuMs(pid: number): number | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // proc(5): fields after the parenthesised command; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return (ticks * 1000) / clockTicks()
}

/**
 * CPU the machine's processes have used so far (all cores, user + nice + system), ms; lets a run
 * tell how much CPU processes outside the benchmark took while it measured. Interrupt and softirq
 * time is left out on purpose: loopback traffic is processed there and charged to no process.
 */
export function machineBusyMs(): number | undefined {
  let stat: string
  try {
    stat = readFileSync('/proc/stat', 'utf8')
  } catch {
    return undefined
  }
  // proc(5): the first line is `cpu user nice system idle …`, in clock ticks.
  const [user = 0, nice = 0, system = 0] = stat
    .slice(0, stat.indexOf('\n'))
    .split(/\s+/)
    .slice(1)
    .map(Number)
  return ((user + nice + system) * 1000) / clockTicks()
}
