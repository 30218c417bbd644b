import type { Zod } from './command.js';
import type { CliIo } from './io.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const outputFormat = (z: Zod) => z.enum(OUTPUT_FORMATS);

/** A table: the header row, then one row per item. */
export type Table = readonly (readonly string[])[];

/**
 * Prints `data` as JSON or YAML (the objects themselves, for scripts), or `table()` for people: columns padded to the
 * widest cell, two spaces apart, the last one cut to a terminal's width.
 */
export async function printOutput(io: CliIo, format: OutputFormat, data: unknown, table: () => Table): Promise<void> {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  } else if (format === 'yaml') {
    const { stringify } = await import('./yaml.js');
    io.stdout.write(stringify(data));
  } else {
    io.stdout.write(renderTable(table(), io.stdout.isTTY ? io.stdout.columns : undefined));
  }
}

/** The narrowest a last column is cut to, however narrow the terminal. */
const MIN_LAST_COLUMN = 16;

/** The rows as aligned columns; with `width` (a terminal's), the last column's cells cut to what is left of it, `…` ending them. */
export function renderTable(rows: Table, width?: number): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const last =
    width === undefined ? Number.POSITIVE_INFINITY : Math.max(MIN_LAST_COLUMN, width - 1 - lastStart(widths));
  const cut = (cell: string): string => (cell.length > last ? `${cell.slice(0, last - 1)}…` : cell);
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, i) => (i === row.length - 1 ? cut(cell) : cell.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

/** Where the last column starts: every other column and its two spaces. */
function lastStart(widths: readonly number[]): number {
  return widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
}

/** Seconds as people read durations: 45s, 3m05s, 2h10m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
