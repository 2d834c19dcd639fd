// Rebuilds the Merkle tree when the log opens: sidecars checked, the open segment rehashed.
import { AuditLogError } from './audit-log-error.js'
import type { SignedCheckpoint } from '../checkpoints/checkpoint.js'
import { HashList, LeafStore, readLeaves, readTiles, writeLeaves } from '../merkle/leaf-store.js'
import type { LeafSpan } from '../merkle/leaf-store.js'
import { readFirstLine, readSegmentLines } from './log-files.js'
import type { SegmentFile } from './log-files.js'
import { parseRecordLine } from './log-format.js'
import { LogTree, TILE_SIZE } from '../merkle/log-tree.js'
import type { RetainedTree } from '../merkle/log-tree.js'
import { HASH_SIZE, leafHash } from '../merkle/merkle.js'
import type { Retained } from './retained-file.js'

export interface OpenTreeOptions {
  dir: string
  /** The live segments, in order; the last is the one appends go to. */
  segments: SegmentFile[]
  /** The segment appends go to (may not exist in `segments` yet, for a new log). */
  openIndex: number
  /** The last record's seq: the tree's size. */
  size: number
  retained: Retained | undefined
  latest: SignedCheckpoint | undefined
  onError: (error: unknown) => void
}

export interface OpenedTree {
  tree: LogTree
  /** When the open segment's first record was written (ms), for rotation by age. */
  openSegmentSince: number | undefined
}

/** Where each segment's records sit in the tree, from each segment's first line. */
interface Layout {
  segment: SegmentFile
  first: number
  count: number
  since: number | undefined
}

/**
 * Builds the tree from the sidecars and tiles.bin where they fit the segments, rehashing the
 * rest. The result must reproduce the latest checkpoint's root: if it does not, everything is
 * rehashed from the records once more (the derived files may be stale), and if the records
 * themselves do not, the log was changed after it was signed and is refused.
 */
export async function openLogTree(options: OpenTreeOptions): Promise<OpenedTree> {
  const layout = await layoutSegments(options)
  const since =
    layout.at(-1)?.segment.index === options.openIndex ? layout.at(-1)?.since : undefined
  let tree = await buildTree(options, layout, false)
  // A tree that fails the check is dropped unclosed, so none of its derived data is written.
  if (!(await matchesCheckpoint(tree, options.latest))) {
    tree = await buildTree(options, layout, true)
    if (!(await matchesCheckpoint(tree, options.latest))) {
      const message = `the records do not produce the root of checkpoint ${options.latest!.size}`
      throw new AuditLogError('head_mismatch', message)
    }
  }
  return { tree, openSegmentSince: since }
}

async function layoutSegments(options: OpenTreeOptions): Promise<Layout[]> {
  const records = await Promise.all(options.segments.map((s) => firstRecord(s)))
  const layout: Layout[] = []
  let end = options.size
  for (let i = options.segments.length - 1; i >= 0; i--) {
    const record = records[i]
    const first = record ? record.seq - 1 : end
    const segment = options.segments[i]!
    if (first > end) throw new AuditLogError('malformed', `${segment.name} overlaps the next one`)
    layout.unshift({ segment, first, count: end - first, since: record && Date.parse(record.time) })
    end = first
  }
  const base = options.retained?.size ?? 0
  if (end !== base) {
    const message = `the first segment starts at seq ${end + 1}, not ${base + 1}`
    throw new AuditLogError('malformed', message)
  }
  return layout
}

async function firstRecord(
  segment: SegmentFile,
): Promise<{ seq: number; time: string } | undefined> {
  const line = await readFirstLine(segment.path)
  if (line === 'empty') return undefined
  const record = parseRecordLine(line)
  if (!record) throw new AuditLogError('malformed', `the first line of ${segment.name} is invalid`)
  return record
}

async function buildTree(options: OpenTreeOptions, layout: Layout[], rehash: boolean) {
  const spans: LeafSpan[] = []
  for (const [i, entry] of layout.entries()) {
    const open = i === layout.length - 1 && entry.segment.index === options.openIndex
    spans.push(await loadSpan(options.dir, entry, open, rehash))
  }
  const end = options.size
  if (spans.at(-1)?.segment !== options.openIndex) {
    spans.push({ segment: options.openIndex, first: end, count: 0, memory: new HashList() })
  }
  const base = options.retained?.size ?? 0
  const store = new LeafStore(options.dir, base, spans, options.onError)
  const tree = new LogTree(options.dir, store, retainedTree(options.retained))
  const trustedTiles = Math.floor(spans.at(-1)!.first / TILE_SIZE) * HASH_SIZE
  const tiles = rehash ? Buffer.alloc(0) : (await readTiles(options.dir)).subarray(0, trustedTiles)
  try {
    await tree.restore(end, tiles)
  } catch (cause) {
    throw new AuditLogError('malformed', 'the Merkle tree cannot be rebuilt', { cause })
  }
  return tree
}

/** A sealed segment's hashes stay in its sidecar when it fits; the open one's go to memory. */
async function loadSpan(dir: string, entry: Layout, open: boolean, rehash: boolean) {
  const { segment, first, count } = entry
  const stored = rehash ? undefined : await readLeaves(dir, segment.index)
  let bytes = count === 0 ? Buffer.alloc(0) : stored
  if (bytes?.length !== count * HASH_SIZE) {
    bytes = await hashSegment(segment, count)
    if (!open) await writeLeaves(dir, segment.index, bytes)
  }
  return { segment: segment.index, first, count, memory: open ? new HashList(bytes) : undefined }
}

/** RFC 9162 §2.1.1 leaf hashes of a segment's lines (each line's bytes without its LF). */
async function hashSegment(segment: SegmentFile, count: number): Promise<Buffer> {
  const hashes = new HashList()
  for await (const line of readSegmentLines(segment.path)) {
    if (line.terminated) hashes.push(leafHash(line.bytes))
  }
  if (hashes.count !== count) {
    const message = `${segment.name} holds ${hashes.count} records, its neighbours say ${count}`
    throw new AuditLogError('malformed', message)
  }
  return Buffer.from(hashes.bytes())
}

function retainedTree(retained: Retained | undefined): RetainedTree | undefined {
  if (!retained) return undefined
  return { size: retained.size, nodes: retained.frontier.map((n) => Buffer.from(n, 'base64')) }
}

/**
 * The latest checkpoint must be within the log and match its root. A log shorter than its
 * checkpoint lost signed records: no rebuild helps, it is refused at once.
 */
async function matchesCheckpoint(tree: LogTree, latest: SignedCheckpoint | undefined) {
  if (!latest) return true
  if (latest.size > tree.size) {
    const message = `the log ends at seq ${tree.size}, checkpoint at ${latest.size}`
    throw new AuditLogError('truncated', message)
  }
  const root = await tree.rootAt(latest.size).catch(() => undefined)
  // A checkpoint older than the retained prefix cannot be recomputed; retention checked it.
  return root === undefined || root.toString('base64') === latest.root
}
