// `kopuro evidence verify <file>`: checks an evidence bundle offline and prints each check.
import { readFile } from 'node:fs/promises'
import type { JWK } from 'jose'
import { verifyEvidence } from '../evidence/index.js'
import { EXIT } from './exit-codes.js'

export interface EvidenceVerifyOptions {
  /** The data subject's code, for a PIN-redacted record of either side. */
  subject?: string
  /** A JWK file with the log key the bundle's checkpoint must be signed with. */
  logKey?: string
}

interface Out {
  log(s: string): void
  error(s: string): void
}

/**
 * Verifies the bundle in `file` (GET /audit/evidence/{x-road-id} output). Exit code 0: every
 * check passed; 1: one failed (each is printed); 2: the file or the key could not be read.
 *
 * @example process.exitCode = await evidenceVerifyCommand('evidence.json', console, {})
 */
export async function evidenceVerifyCommand(
  file: string,
  out: Out,
  options: EvidenceVerifyOptions = {},
): Promise<number> {
  let bundle: unknown
  let logKey: JWK | undefined
  try {
    bundle = JSON.parse(await readFile(file, 'utf8'))
    logKey = options.logKey
      ? (JSON.parse(await readFile(options.logKey, 'utf8')) as JWK)
      : undefined
  } catch (error) {
    out.error(`evidence verify: cannot read input: ${(error as Error).message}`)
    return EXIT.USAGE
  }
  const result = await verifyEvidence(bundle, { subject: options.subject, logKey })
  for (const check of result.checks) {
    const detail = check.detail === undefined ? '' : ` — ${check.detail}`
    out.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}${detail}`)
  }
  if (result.ok) out.log('evidence verified')
  else out.error('evidence verify: FAILED')
  return result.ok ? EXIT.OK : EXIT.FAILED
}
