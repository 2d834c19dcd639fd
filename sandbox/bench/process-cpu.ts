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
 * Busy CPU of the whole machine so far (all cores, user + system + interrupts + steal), ms; lets a
 * run tell how much CPU processes outside the benchmark took while it measured.
 */
export function machineBusyMs(): number | undefined {
  let stat: string
  try {
    stat = readFileSync('/proc/stat', 'utf8')
  } catch {
    return undefined
  }
  // proc(5): cpu user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = stat
    .slice(0, stat.indexOf('\n'))
    .split(/\s+/)
    .slice(1)
    .map(Number)
  const ticks = [user, nice, system, irq, softirq, steal].reduce((a, b) => a! + (b ?? 0), 0)!
  return (ticks * 1000) / clockTicks()
}
