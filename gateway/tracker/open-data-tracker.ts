// Start a gateway's data tracker from its configuration: load the member's key, index the log.
import { readAuditRecords } from '../audit/index.js'
import type { TrackerConfig } from '../config/index.js'
import type { DirectoryView } from '../directory/index.js'
import type { Clock } from '../lib/clock.js'
import { createDataTracker, type DataTracker } from './create-data-tracker.js'
import { loadTrackerKey } from './tracker-key.js'

export interface OpenDataTrackerOptions {
  /** The message log the index is built from (the provider's own log). */
  auditDir: string
  directory: () => DirectoryView
  now?: Clock
}

/**
 * Builds the tracker and indexes every record already in the log, so findUsage answers from
 * memory and never rescans the log per query. Without `config` the tracker is disabled.
 *
 * @example const tracker = await openDataTracker(config.tracker, { auditDir, directory })
 */
export async function openDataTracker(
  config: TrackerConfig | undefined,
  options: OpenDataTrackerOptions,
): Promise<DataTracker> {
  const tracker = createDataTracker({
    key: config && (await loadTrackerKey(config.keyFile)),
    covertGroup: config?.covertGroup,
    embargoDays: config?.embargoDays,
    directory: options.directory,
    now: options.now,
  })
  if (tracker.enabled) await tracker.rebuild(readAuditRecords(options.auditDir))
  return tracker
}
