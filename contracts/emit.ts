// Writes every contract's JSON (`tsx contracts/emit.ts`), or checks none is stale (`--check`).

import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { isMainModule } from '../services/shared/index.js'
import { CONTRACTS, contractUrl, serializeContract } from './index.js'

export interface EmitResult {
  name: string
  path: string
  /** True when the file on disk differed from the builder's output (before writing, if any). */
  stale: boolean
}

/**
 * Emits (or with `check`, only compares) every contract in `CONTRACTS`.
 *
 * @example
 * const stale = (await emitContracts({ check: true })).filter((result) => result.stale)
 */
export async function emitContracts(options: { check?: boolean } = {}): Promise<EmitResult[]> {
  const results: EmitResult[] = []
  for (const contract of CONTRACTS) {
    const url = contractUrl(contract.name)
    const text = serializeContract(contract.build())
    const current = await readFile(url, 'utf8').catch(() => undefined)
    const stale = current !== text
    if (stale && options.check !== true) await writeFile(url, text)
    results.push({ name: contract.name, path: fileURLToPath(url), stale })
  }
  return results
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check')
  const results = await emitContracts({ check })
  for (const result of results) {
    const state = !result.stale ? 'up to date' : check ? 'STALE' : 'written'
    process.stdout.write(`${result.name}: ${state} (${result.path})\n`)
  }
  if (check && results.some((result) => result.stale)) {
    console.error('stale contracts: run `npx tsx contracts/emit.ts`')
    process.exitCode = 1
  }
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
