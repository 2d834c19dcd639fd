// The message log: opening and resuming a hash-chained JSONL log in segments (docs/design.md §5).
import { open } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createLogger } from '../../lib/logger.js'
import { PRIVATE_FILE_MODE } from '../../lib/private-files.js'
import { createLogSigner } from '../checkpoints/checkpoint.js'
import type { LogSigner, SignedCheckpoint } from '../checkpoints/checkpoint.js'
import {
  Checkpointer,
  DEFAULT_CHECKPOINT_EVERY,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
} from '../checkpoints/checkpointer.js'
import { GroupCommitLog } from './group-commit.js'
import { listSegments } from './log-files.js'
import { checkHead, findTail, latestCheckpoint, makeDir, openCurrentSegment } from './open-log.js'
import { openLogTree } from './open-tree.js'
import { readRetained } from './retained-file.js'

export type {
  AppendResult,
  AuditLog,
  AuditLogOptions,
  AuditLogStats,
  Config,
  SegmentHandle,
} from './log-types.js'
import type { AuditLog, AuditLogOptions, Config } from './log-types.js'

export const DEFAULT_SEGMENT_MAX_BYTES = 64 * 1024 * 1024

/**
 * Opens (or creates) the message log in `dir` and resumes its chain and Merkle tree. A partial
 * last line (a crash mid-write) is moved into a quarantine file; a log behind its head.json or
 * its latest checkpoint, or whose rehashed records miss that checkpoint's root, is refused with
 * an AuditLogError naming the fault (a full audit is verifyAuditLog's job: open reads only the
 * tail and trusts leaf sidecars that fit). With `logKey`, it signs checkpoints.
 *
 * @example
 * const log = await createAuditLog({ dir: '.kopuro/audit', logKey, nodeId: 'KG/GOV/70000001/gw1' })
 * const { seq } = await log.append(record) // durable from here on
 */
export async function createAuditLog(options: AuditLogOptions): Promise<AuditLog> {
  const config = resolveOptions(options)
  const signer = options.logKey ? await createLogSigner(options.logKey) : undefined
  await makeDir(config.dir)
  const retained = await readRetained(config.dir)
  const segments = await listSegments(config.dir)
  const tail = await findTail(config, segments, retained)
  await checkHead(config.dir, tail)
  const latest = await latestCheckpoint(config)
  const openIndex = segments.at(-1)?.index ?? (retained?.throughSegment ?? 0) + 1
  const log = { dir: config.dir, segments, openIndex, size: tail?.seq ?? 0, retained, latest }
  const { tree, openSegmentSince } = await openLogTree({ ...log, onError: warnDerived(config) })
  const segment = await openCurrentSegment(config, segments, openIndex)
  segment.since = openSegmentSince
  const checkpointer = signer && createCheckpointer(config, signer, tree, latest)
  return new GroupCommitLog(config, segment, tail, { tree, checkpointer, latest })
}

function createCheckpointer(
  config: Config,
  signer: LogSigner,
  tree: { size: number; root(): Buffer },
  latest: SignedCheckpoint | undefined,
): (onError: (cause: unknown) => void) => Checkpointer {
  return (onError) =>
    new Checkpointer({
      dir: config.dir,
      signer,
      tree,
      every: config.checkpointEvery,
      intervalMs: config.checkpointIntervalMs,
      now: config.now,
      node: config.nodeId,
      latest,
      onError,
    })
}

function resolveOptions(options: AuditLogOptions): Config {
  if (typeof options?.dir !== 'string' || options.dir === '') {
    throw new TypeError('createAuditLog: options.dir must be a directory path')
  }
  return {
    dir: resolve(options.dir),
    now: options.now ?? (() => new Date()),
    segmentMaxBytes: positive(
      options.segmentMaxBytes,
      DEFAULT_SEGMENT_MAX_BYTES,
      'segmentMaxBytes',
    ),
    segmentMaxAgeMs:
      options.segmentMaxAgeMs === undefined
        ? undefined
        : positive(options.segmentMaxAgeMs, 0, 'segmentMaxAgeMs'),
    openSegment: options.openSegment ?? ((path, flags) => open(path, flags, PRIVATE_FILE_MODE)),
    headIntervalMs: options.headIntervalMs ?? 1000,
    checkpointEvery: positive(options.checkpointEvery, DEFAULT_CHECKPOINT_EVERY, 'checkpointEvery'),
    checkpointIntervalMs: positive(
      options.checkpointIntervalMs,
      DEFAULT_CHECKPOINT_INTERVAL_MS,
      'checkpointIntervalMs',
    ),
    nodeId: options.nodeId,
    logger: options.logger ?? createLogger({ name: 'audit-log' }),
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  const result = value ?? fallback
  if (!Number.isSafeInteger(result) || result < 1) {
    throw new TypeError(`createAuditLog: options.${name} must be a positive integer`)
  }
  return result
}

/** The tree's sidecar files are derived data: failing to write one costs a rehash on open. */
function warnDerived(config: Config): (error: unknown) => void {
  return (error) =>
    config.logger.warn(
      { code: (error as { code?: unknown }).code },
      'audit log: a Merkle sidecar file could not be written; it is rebuilt on the next open',
    )
}
