// Opening a new segment of the message log (docs/design.md §5).
import { join } from 'node:path'
import { syncDir } from '../../lib/durable-file.js'
import { segmentName } from './log-format.js'
import type { Config, Segment } from './log-types.js'

/** Creates segment `index` (failing if it exists) and makes its directory entry durable. */
export async function openNewSegment(config: Config, index: number): Promise<Segment> {
  const handle = await config.openSegment(join(config.dir, segmentName(index)), 'ax')
  await syncDir(config.dir)
  return { index, handle, size: 0 }
}
