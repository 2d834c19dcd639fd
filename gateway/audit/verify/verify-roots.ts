// While the verifier streams records, their Merkle tree must reproduce every signed root.
import { CHECKPOINTS_FILE } from '../checkpoints/checkpoint-file.js'
import { MerkleFrontier } from '../merkle/merkle-frontier.js'
import type { Retained } from '../log/retained-file.js'
import { WITNESS_HEAD } from './verify-checkpoints.js'
import type { RootClaim } from './verify-checkpoints.js'

/** Where a record sits, for naming it in a failure. */
export interface RecordPlace {
  seq: number
  segment: string
  line: number
}

export interface RootFailure {
  kind: 'checkpoint_mismatch' | 'witness_mismatch' | 'truncated' | 'truncated_vs_witness'
  segment: string
  line: number
  seq?: number
  message: string
  /** Records known good: those covered by the last root that matched. */
  records: number
}

/**
 * Feeds each accepted record's leaf hash (RFC 9162 §2.1.1) into a frontier, so memory stays
 * O(log n), and compares the root at each claimed size. Starts from retained.json's frontier
 * when retention removed a prefix; claims inside that prefix cannot be recomputed and are
 * counted as unchecked.
 */
export class RootChecker {
  readonly #frontier: MerkleFrontier
  readonly #claims: RootClaim[]
  #next = 0
  #good = 0
  unchecked = 0

  constructor(claims: RootClaim[], retained: Retained | undefined) {
    const size = retained?.size ?? 0
    const nodes = retained?.frontier.map((n) => Buffer.from(n, 'base64')) ?? []
    this.#frontier = new MerkleFrontier(size, nodes)
    this.#claims = claims
    this.#good = size
    while (this.#claims[this.#next] && this.#claims[this.#next]!.size < size) {
      this.#next++
      this.unchecked++
    }
  }

  /** Checks claims of size 0, or equal to the retained prefix, before any record. */
  start(place: Omit<RecordPlace, 'seq'>): RootFailure | undefined {
    return this.#compare({ ...place, seq: this.#frontier.size })
  }

  add(leaf: Buffer, place: RecordPlace): RootFailure | undefined {
    this.#frontier.append(leaf)
    return this.#compare(place)
  }

  /** After the last record: a claim beyond it means records were cut off the end. */
  finish(end: Omit<RecordPlace, 'seq'>): RootFailure | undefined {
    const claim = this.#claims[this.#next]
    if (!claim) return undefined
    const records = this.#frontier.size
    const witness = claim.source === 'witness'
    const message = witness
      ? `the witness holds a head of ${claim.size} records; the log ends at seq ${records}`
      : `${CHECKPOINTS_FILE} line ${claim.line} signs ${claim.size} records; the log ends at seq ${records}`
    const kind = witness ? 'truncated_vs_witness' : 'truncated'
    return { kind, ...end, seq: records + 1, message, records: this.#good }
  }

  /** All claims of the current size; the size counts as good only if every one matches. */
  #compare(place: RecordPlace): RootFailure | undefined {
    const size = this.#frontier.size
    if (this.#claims[this.#next]?.size !== size) return undefined
    const root = this.#frontier.root().toString('base64')
    while (this.#claims[this.#next]?.size === size) {
      const claim = this.#claims[this.#next++]!
      if (root !== claim.root) return this.#mismatch(claim, place)
    }
    this.#good = size
    return undefined
  }

  /** The first claim the records miss: a record in (last good size, claim size] changed. */
  #mismatch(claim: RootClaim, place: RecordPlace): RootFailure {
    const range = `records ${this.#good + 1}..${claim.size}`
    if (claim.source === 'witness') {
      const message = `${range} do not produce the root of the ${WITNESS_HEAD}: the log forked`
      return { kind: 'witness_mismatch', ...place, message, records: this.#good }
    }
    const message = `${range} do not produce the root signed in ${CHECKPOINTS_FILE} line ${claim.line}`
    return { kind: 'checkpoint_mismatch', ...place, message, records: this.#good }
  }
}
