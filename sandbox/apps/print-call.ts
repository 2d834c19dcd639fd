// How the sample apps and the demo print a call, a labelled fact and a mark, colour on a TTY only.
import type { CallRecord } from './app-call.js'

export interface Style {
  good(text: string): string
  bad(text: string): string
  dim(text: string): string
  bold(text: string): string
}

const SGR = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`

/** ANSI colours when `colour` is true (a TTY without `NO_COLOR`), plain text otherwise. */
export function createStyle(colour: boolean): Style {
  if (!colour) return { good: plain, bad: plain, dim: plain, bold: plain }
  return { good: SGR(32, 39), bad: SGR(31, 39), dim: SGR(2, 22), bold: SGR(1, 22) }
}

/** Colour for a terminal that wants it (https://no-color.org). */
export function terminalStyle(stream: { isTTY?: boolean } = process.stdout): Style {
  return createStyle(stream.isTTY === true && !process.env['NO_COLOR'])
}

const plain = (text: string) => text

/**
 * One line per call: status, method, the service below its member, `X-Road-Id`, and whether the
 * answer carried the provider's signature (which the app's own gateway verified).
 *
 * @example formatCall(record) // '    200 GET  population/persons/2290…  X-Road-Id 3a28…  signed ✓'
 */
export function formatCall(call: CallRecord, style: Style = createStyle(false)): string {
  const status = call.status === undefined ? '---' : String(call.status)
  const ok = call.error === undefined
  const target = `${shortService(call.service)}${call.path}`
  const parts = [
    `${(ok ? style.good : style.bad)(status)} ${call.method.padEnd(4)} ${target}`,
    call.xRoadId === undefined ? undefined : style.dim(`X-Road-Id ${call.xRoadId}`),
    call.signed ? style.good('signed ✓') : call.status === undefined ? undefined : 'unsigned',
    ok ? undefined : style.bad(call.error!),
  ]
  return `    ${parts.filter((p) => p !== undefined).join('  ')}`
}

/** `KG/GOV/70000001/population/persons` → `population/persons`. */
export function shortService(service: string): string {
  return service.split('/').slice(3).join('/')
}

/** `  label      value`, labels aligned. */
export function fact(label: string, value: string): string {
  return `  ${label.padEnd(11)} ${value}`
}
