// The injectable clock used by signing, tokens, audit and directory code.

/** Returns the current time in milliseconds since the epoch. */
export type Clock = () => number

export const systemClock: Clock = () => Date.now()

export function unixSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000)
}
