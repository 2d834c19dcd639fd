// `kopuro audit verify <dir>`: checks a message log offline and prints a one-line verdict.
import { stat } from 'node:fs/promises'
import { verifyAuditLog } from '../audit/index.js'
import type { VerifyLogResult } from '../audit/index.js'

/**
 * Verifies the whole log in `dir`. Exit code 0: intact; 1: damaged (the first bad record is
 * named); 2: `dir` is not a directory or the log could not be read.
 *
 * @example
 * process.exitCode = await auditVerifyCommand('.kopuro/audit/gw1', console)
 */
export async function auditVerifyCommand(
  dir: string,
  out: { log(s: string): void; error(s: string): void },
): Promise<number> {
  if (!(await isDirectory(dir))) {
    out.error(`audit verify: ${dir} is not a directory`)
    return 2
  }
  let result: VerifyLogResult
  try {
    result = await verifyAuditLog(dir)
  } catch (error) {
    out.error(`audit verify: could not read the log: ${(error as Error).message}`)
    return 2
  }
  if (result.ok) {
    out.log(`ok: ${result.records} ${result.records === 1 ? 'record' : 'records'} verified`)
    return 0
  }
  const { segment, line, seq, kind, message } = result.failure
  const record = seq === undefined ? '' : ` (seq ${seq})`
  out.error(`FAILED at ${segment} line ${line}${record}: ${kind} — ${message}`)
  return 1
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}
