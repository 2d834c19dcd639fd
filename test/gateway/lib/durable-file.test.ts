// The durable-file functions: the write-all loop, atomic replacement, exclusive creation, appends.
import { chmod, open, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DurableWriteError,
  openAppendFile,
  openReplacement,
  replaceFile,
  writeAll,
  writeFileIfAbsent,
} from '#gateway/lib/durable-file.js'
import type { TemporaryHandle, WritableHandle } from '#gateway/lib/durable-file.js'
import { tempDir } from '../../support/audit-fixtures.js'
import { underOpenUmask } from '../../support/file-modes.js'

underOpenUmask()

/** A handle that takes at most `max` bytes per write, recording each call. */
function tricklingHandle(max: number) {
  const written: number[] = []
  const calls: { length: number; position: number | null | undefined }[] = []
  const handle: WritableHandle = {
    async write(buffer, offset, length, position) {
      calls.push({ length, position })
      const n = Math.min(max, length)
      written.push(...buffer.subarray(offset, offset + n))
      return { bytesWritten: n }
    },
  }
  return { handle, written, calls }
}

/** Opens the real temporary file, but its writes fail after `okWrites` one-byte writes. */
function failingOpen(okWrites: number, failAt: 'write' | 'sync' = 'write') {
  let writes = 0
  return async (path: string, flags: 'w' | 'wx', mode: number): Promise<TemporaryHandle> => {
    const file = await open(path, flags, mode)
    return {
      async write(buffer, offset, length) {
        if (failAt === 'write' && ++writes > okWrites) {
          throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })
        }
        return file.write(buffer, offset, Math.min(1, length))
      },
      chmod: (m) => file.chmod(m),
      async sync() {
        if (failAt === 'sync') throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })
        return file.sync()
      },
      close: () => file.close(),
    }
  }
}

describe('writeAll', () => {
  it('completes a handle that writes one byte per call', async () => {
    const { handle, written, calls } = tricklingHandle(1)
    await writeAll(handle, Buffer.from('hello'))
    expect(Buffer.from(written).toString()).toBe('hello')
    expect(calls.map((c) => c.length)).toEqual([5, 4, 3, 2, 1])
    expect(calls.every((c) => c.position === undefined)).toBe(true)
  })

  it('moves the position along with each short write when given one', async () => {
    const { handle, calls } = tricklingHandle(2)
    await writeAll(handle, Buffer.from('abcde'), 100)
    expect(calls.map((c) => c.position)).toEqual([100, 102, 104])
  })

  it('fails with DurableWriteError no_progress when a write takes 0 bytes', async () => {
    const { handle, calls } = tricklingHandle(0)
    const error = await writeAll(handle, Buffer.from('abc')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DurableWriteError)
    expect(error).toMatchObject({ code: 'no_progress' })
    expect(calls).toHaveLength(1)
  })
})

describe('replaceFile', () => {
  it('replaces the content and leaves no temporary file', async () => {
    const dir = await tempDir()
    const file = join(dir, 'state.json')
    await writeFile(file, 'old')
    await replaceFile(file, 'new content')
    expect(await readFile(file, 'utf8')).toBe('new content')
    expect(await readdir(dir)).toEqual(['state.json'])
  })

  it('keeps the old content and removes the temporary file when a write fails midway', async () => {
    const dir = await tempDir()
    const file = join(dir, 'state.json')
    await writeFile(file, 'old content')
    const error = await replaceFile(file, 'new content', { openFile: failingOpen(3) }).catch(
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'EIO' })
    expect(await readFile(file, 'utf8')).toBe('old content')
    expect(await readdir(dir)).toEqual(['state.json'])
  })

  it('keeps the old content and removes the temporary file when the sync fails', async () => {
    const dir = await tempDir()
    const file = join(dir, 'state.json')
    await writeFile(file, 'old content')
    const openFile = failingOpen(0, 'sync')
    await expect(replaceFile(file, 'new', { openFile })).rejects.toMatchObject({ code: 'EIO' })
    expect(await readFile(file, 'utf8')).toBe('old content')
    expect(await readdir(dir)).toEqual(['state.json'])
  })

  it('gives the replaced file mode 0600 when asked, whatever the old file had', async () => {
    const dir = await tempDir()
    const file = join(dir, 'key.json')
    await writeFile(file, 'old')
    await chmod(file, 0o644)
    await replaceFile(file, 'secret', { mode: 0o600 })
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('gives a public file exactly the mode asked, even under a narrow umask', async () => {
    const dir = await tempDir()
    const file = join(dir, 'directory.jws')
    const saved = process.umask(0o077)
    try {
      await replaceFile(file, 'signed', { mode: 0o644 })
    } finally {
      process.umask(saved)
    }
    expect((await stat(file)).mode & 0o777).toBe(0o644)
  })

  it('makes missing directories owner-only when asked', async () => {
    const dir = await tempDir()
    const file = join(dir, 'a', 'b', 'state.json')
    await replaceFile(file, '{}', { makeDir: true })
    expect(await readFile(file, 'utf8')).toBe('{}')
    expect((await stat(join(dir, 'a'))).mode & 0o777).toBe(0o700)
    expect((await stat(join(dir, 'a', 'b'))).mode & 0o777).toBe(0o700)
  })

  it('overwrites a stale named temporary file, and refuses one in another directory', async () => {
    const dir = await tempDir()
    const file = join(dir, 'head.json')
    const temporary = `${file}.tmp`
    await writeFile(temporary, 'stale bytes from a crash, longer than the new content')
    await chmod(temporary, 0o644)
    await replaceFile(file, '{"seq":1}', { temporary })
    expect(await readFile(file, 'utf8')).toBe('{"seq":1}')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['head.json'])
    const elsewhere = join(dir, 'sub', 'head.json.tmp')
    await expect(replaceFile(file, 'x', { temporary: elsewhere })).rejects.toThrow(TypeError)
  })
})

describe('openReplacement', () => {
  it('writes piece by piece and changes the target only at commit', async () => {
    const dir = await tempDir()
    const file = join(dir, 'export.ndjson')
    await writeFile(file, 'previous export\n')
    const out = await openReplacement(file, { temporary: `${file}.partial` })
    await out.write('{"seq":1}\n')
    await out.write(Buffer.from('{"seq":2}\n'))
    expect(await readFile(file, 'utf8')).toBe('previous export\n')
    await out.commit()
    expect(await readFile(file, 'utf8')).toBe('{"seq":1}\n{"seq":2}\n')
    expect(await readdir(dir)).toEqual(['export.ndjson'])
    await expect(out.write('late')).rejects.toThrow(TypeError)
  })

  it('leaves the target alone and removes the temporary file on abort', async () => {
    const dir = await tempDir()
    const file = join(dir, 'export.ndjson')
    await writeFile(file, 'previous export\n')
    const out = await openReplacement(file, { temporary: `${file}.partial` })
    await out.write('{"seq":1}\n')
    await out.abort()
    expect(await readFile(file, 'utf8')).toBe('previous export\n')
    expect(await readdir(dir)).toEqual(['export.ndjson'])
  })
})

describe('writeFileIfAbsent', () => {
  it('creates a missing file owner-only and leaves an existing one alone', async () => {
    const dir = await tempDir()
    const file = join(dir, 'admin-key.json')
    expect(await writeFileIfAbsent(file, 'first')).toBe(true)
    expect(await writeFileIfAbsent(file, 'second')).toBe(false)
    expect(await readFile(file, 'utf8')).toBe('first')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['admin-key.json'])
  })

  it('creates nothing when a write fails midway', async () => {
    const dir = await tempDir()
    const file = join(dir, 'admin-key.json')
    const openFile = failingOpen(2)
    await expect(writeFileIfAbsent(file, 'key', { openFile })).rejects.toMatchObject({
      code: 'EIO',
    })
    expect(await readdir(dir)).toEqual([])
  })
})

describe('openAppendFile', () => {
  it('keeps what the file holds, a torn last line too, and appends after it', async () => {
    const dir = await tempDir()
    const file = join(dir, 'changes.jsonl')
    await writeFile(file, '{"n":1}\n{"n":')
    const changes = await openAppendFile(file)
    await changes.append('{"n":2}\n')
    await changes.append(Buffer.from('{"n":3}\n'))
    await changes.close()
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":{"n":2}\n{"n":3}\n')
  })

  it('creates a missing file with mode 0600 and cuts it on request', async () => {
    const dir = await tempDir()
    const file = join(dir, 'checkpoints.jsonl')
    const changes = await openAppendFile(file)
    await changes.append('{"n":1}\n{"n":')
    await changes.truncate(8)
    await changes.append('{"n":2}\n')
    await changes.close()
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })
})
