// The kopuro command line's exit codes: one table every command reports through.

/** What a `kopuro` process's exit code means; scripts may rely on these never changing. */
export const EXIT = {
  /** Done; for a check, everything verified. */
  OK: 0,
  /** The work ran and failed: a check found a bad record, or a server refused the request. */
  FAILED: 1,
  /** Bad usage or input: unknown command or option, missing value, a file that cannot be read. */
  USAGE: 2,
  /** A server (gateway, authority, witness) could not be reached at all. */
  UNREACHABLE: 3,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** The scheme as `kopuro --help` prints it. */
export const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT.OK}  ok (for a check: everything verified)
  ${EXIT.FAILED}  the operation failed: a check found a problem, or the server refused
  ${EXIT.USAGE}  usage error or bad input: unknown command or option, a file that cannot be read
  ${EXIT.UNREACHABLE}  a server could not be reached`
