// The witness's memory: per gateway node, the latest head it accepted and the key that signed it.
import { dirname, join } from 'node:path'
import type { JWK } from 'jose'
import { readTextIfExists, replaceFile } from '../../../lib/durable-file.js'
import { PRIVATE_FILE_MODE, tightenPath } from '../../../lib/private-files.js'

/** Owner-only like the rest of the authority's state (served to anyone through the API). */
const WITNESS_FILE_MODE = PRIVATE_FILE_MODE
const VERSION = 1

/** What the witness holds for one node. */
export interface WitnessRecord {
  node: string
  /** The log public key the held head is signed with (Ed25519 `{ kty, crv, x }`). */
  key: JWK
  /**
   * The key was the one the directory published for the node when the head was accepted.
   * Absent in records kept before the witness checked keys against the directory.
   */
  registered?: boolean
  logId: string
  /** The latest accepted head, a compact JWS checkpoint. */
  head: string
  size: number
  root: string
  /** The head's own time, as the node signed it. */
  time: string
  /** When the witness accepted it. */
  receivedAt: string
}

export interface WitnessStore {
  get(node: string): WitnessRecord | undefined
  /**
   * Runs `decide` on what is held for `node` and durably stores the record it returns, one
   * submission at a time across all nodes (so no acceptance is lost to a concurrent one). A
   * throw from `decide` stores nothing.
   */
  update(
    node: string,
    decide: (held: WitnessRecord | undefined) => Promise<WitnessRecord>,
  ): Promise<WitnessRecord>
}

/** `witness.json` beside the registry's state file. */
export function witnessFileFor(stateFile: string): string {
  return join(dirname(stateFile), 'witness.json')
}

/**
 * Opens the witness file (empty when missing). A file that is not a witness file throws a
 * TypeError at start-up: the witness must not forget the heads it holds by starting over.
 *
 * @example const witness = await openWitnessStore(witnessFileFor(stateFile))
 */
export async function openWitnessStore(file: string): Promise<WitnessStore> {
  await tightenPath(file, WITNESS_FILE_MODE)
  const nodes = await load(file)
  let queue: Promise<unknown> = Promise.resolve()
  return {
    get: (node) => nodes.get(node),
    update(node, decide) {
      const run = queue.then(async () => {
        const held = nodes.get(node)
        const record = await decide(held)
        if (record === held) return held
        const next = new Map(nodes).set(node, record)
        await replaceFile(file, serialise(next), { mode: WITNESS_FILE_MODE, makeDir: true })
        nodes.set(node, record)
        return record
      })
      queue = run.catch(() => undefined)
      return run
    },
  }
}

async function load(file: string): Promise<Map<string, WitnessRecord>> {
  const text = await readTextIfExists(file)
  if (text === undefined) return new Map()
  let value: { version?: unknown; nodes?: unknown }
  try {
    value = JSON.parse(text) as typeof value
  } catch (cause) {
    throw new TypeError(`${file} is not valid JSON`, { cause })
  }
  if (value?.version !== VERSION || typeof value.nodes !== 'object' || value.nodes === null) {
    throw new TypeError(`${file} is not a witness file`)
  }
  return new Map(Object.entries(value.nodes as Record<string, WitnessRecord>))
}

function serialise(nodes: Map<string, WitnessRecord>): string {
  return `${JSON.stringify({ version: VERSION, nodes: Object.fromEntries(nodes) }, null, 2)}\n`
}
