import type { Zod } from './command.js';
import type { CliIo } from './io.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const outputFormat = (z: Zod) => z.enum(OUTPUT_FORMATS);

/** A table: the header row, then one row per item. */
export type Table = readonly (readonly string[])[];

/**
 * Prints `data` as JSON or YAML (the objects themselves, for scripts), or `table()` for people: columns padded to the
 * widest cell, two spaces apart.
 */
export async function printOutput(io: CliIo, format: OutputFormat, data: unknown, table: () => Table): Promise<void> {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  } else if (format === 'yaml') {
    const { stringify } = await import('./yaml.js');
    io.stdout.write(stringify(data));
  } else {
    io.stdout.write(renderTable(table()));
  }
}

export function renderTable(rows: Table): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

/** Seconds as people read durations: 45s, 3m05s, 2h10m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
