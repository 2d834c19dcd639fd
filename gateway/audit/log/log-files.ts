// File access for the message log: listing segments, reading their lines, head.json on disk.
import { createReadStream } from 'node:fs'
import { open, readdir, readFile } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { replaceFile } from '../../lib/durable-file.js'
import { HEAD_FILE, NEWLINE, formatHead, parseHead, segmentIndex } from './log-format.js'
import type { LogHead } from './log-format.js'
import { readRetained } from './retained-file.js'

export interface SegmentFile {
  name: string
  index: number
  path: string
}

/** One line of a segment, 1-based; `terminated` is false only for a final piece with no LF. */
export interface SegmentLine {
  bytes: Buffer
  line: number
  terminated: boolean
}

const READ_CHUNK = 256 * 1024
const TAIL_CHUNK = 64 * 1024

/**
 * The segment files in `dir`, in log order (by number, not by name, past segment 999999).
 * Segments retention removed (up to retained.json's `throughSegment`) are left out, also while
 * a removal is under way.
 */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  const through = (await readRetained(dir))?.throughSegment ?? 0
  const segments: SegmentFile[] = []
  for (const name of await readdir(dir)) {
    const index = segmentIndex(name)
    if (index !== undefined && index > through) {
      segments.push({ name, index, path: join(dir, name) })
    }
  }
  return segments.sort((a, b) => a.index - b.index)
}

/** Streams a segment's lines as exact bytes (the chain hashes bytes, not decoded text). */
export async function* readSegmentLines(path: string): AsyncGenerator<SegmentLine> {
  let carry: Buffer = Buffer.alloc(0)
  let line = 0
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    const buffer = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer)
    let start = 0
    for (let end = buffer.indexOf(NEWLINE); end >= 0; end = buffer.indexOf(NEWLINE, start)) {
      yield { bytes: buffer.subarray(start, end), line: ++line, terminated: true }
      start = end + 1
    }
    carry = buffer.subarray(start)
  }
  if (carry.length > 0) yield { bytes: carry, line: ++line, terminated: false }
}

/** The first line of a segment without its LF, from a small read; 'empty' when it has none. */
export async function readFirstLine(path: string): Promise<Buffer | 'empty'> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    for (let chunk = TAIL_CHUNK; ; chunk *= 4) {
      const head = await readAt(file, 0, Math.min(chunk, size))
      const end = head.indexOf(NEWLINE)
      if (end >= 0) return head.subarray(0, end)
      if (chunk >= size) return 'empty'
    }
  } finally {
    await file.close()
  }
}

/**
 * The last line of a segment without its LF, read from the end so resuming a 64 MiB segment
 * costs one small read. 'torn' when the file does not end with LF.
 */
export async function readLastLine(path: string): Promise<Buffer | 'empty' | 'torn'> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    if (size === 0) return 'empty'
    for (let chunk = TAIL_CHUNK; ; chunk *= 4) {
      const start = Math.max(0, size - chunk)
      const tail = await readAt(file, start, size - start)
      if (tail[tail.length - 1] !== NEWLINE) return 'torn'
      const before = tail.length > 1 ? tail.lastIndexOf(NEWLINE, tail.length - 2) : -1
      if (before >= 0 || start === 0) return tail.subarray(before + 1, tail.length - 1)
    }
  } finally {
    await file.close()
  }
}

/** head.json as stored: 'absent' when there is none, 'malformed' when it is not a valid head. */
export async function readHead(dir: string): Promise<LogHead | 'absent' | 'malformed'> {
  let bytes: Buffer
  try {
    bytes = await readFile(join(dir, HEAD_FILE))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent'
    throw error
  }
  return parseHead(bytes) ?? 'malformed'
}

/**
 * Replaces head.json atomically and durably (owner-only): a crash leaves the old head or the new
 * one, never a mix or an empty file. The log has one writer, so its temporary name is fixed.
 */
export async function writeHead(dir: string, head: LogHead): Promise<void> {
  const temporary = join(dir, `${HEAD_FILE}.tmp`)
  await replaceFile(join(dir, HEAD_FILE), formatHead(head), { temporary })
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  let offset = 0
  while (offset < length) {
    const { bytesRead } = await file.read(buffer, offset, length - offset, position + offset)
    if (bytesRead === 0) return buffer.subarray(0, offset)
    offset += bytesRead
  }
  return buffer
}
