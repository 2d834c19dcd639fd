// Lifetimes on the command line: `30s`, `15m`, `1h`, `2d`, or a bare number of seconds.
import { InvalidArgumentError } from 'commander'

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 }

/**
 * Seconds in a duration, for commander's option parsing; anything else is an
 * `InvalidArgumentError`, which commander reports naming the option (exit 2).
 *
 * @example parseDuration('15m') // 900
 */
export function parseDuration(value: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(value.trim())
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || 's']! : 0
  if (!match || seconds < 1) {
    throw new InvalidArgumentError('expected a duration: 30s, 15m, 1h, 2d or a number of seconds')
  }
  return seconds
}
