// Plain-text tables for terminal output, safe to print whatever the cells hold.

/** C0/C1 control characters: a log field must not move the cursor or recolour the terminal. */
const CONTROL = /\p{Cc}/gu

/**
 * Left-aligned columns two spaces apart, headers first; control characters become `?`.
 *
 * @example formatTable(['SEQ', 'STATUS'], [['1', '200']]) // 'SEQ  STATUS\n1    200'
 */
export function formatTable(headers: string[], rows: string[][]): string {
  const clean = [headers, ...rows].map((row) => row.map((cell) => cell.replace(CONTROL, '?')))
  const widths = headers.map((_, i) => Math.max(...clean.map((row) => (row[i] ?? '').length)))
  return clean
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}
