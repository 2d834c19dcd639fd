// The registry's state file: JSON, replaced atomically on every change and publication.
import { readTextIfExists, replaceFile } from '../../../lib/durable-file.js'
import { PRIVATE_FILE_MODE } from '../../../lib/private-files.js'
import { checkRegistryState, type RegistryState } from './registry-state.js'

/** Owner-only: the registry names every node and registration request, pending ones too. */
const STATE_FILE_MODE = PRIVATE_FILE_MODE

/**
 * Reads the registry, or undefined when the file does not exist yet. A file that is not a
 * registry throws a TypeError: the authority must not start over on top of it.
 *
 * @example const state = (await loadRegistryState(file)) ?? createRegistryState({ instance: 'KG' })
 */
export async function loadRegistryState(file: string): Promise<RegistryState | undefined> {
  const text = await readTextIfExists(file)
  if (text === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new TypeError(`${file} is not valid JSON`, { cause })
  }
  return checkRegistryState(value, file)
}

/** Writes the whole registry atomically and durably (temp file, fsync, rename, fsync dir). */
export async function saveRegistryState(file: string, state: RegistryState): Promise<void> {
  const text = `${JSON.stringify(state, null, 2)}\n`
  await replaceFile(file, text, { mode: STATE_FILE_MODE, makeDir: true })
}
