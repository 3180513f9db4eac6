import { ZervigoError } from '../shared/errors';

/** Prints rows as aligned columns, the way operators read CLI output. */
export function printTable(headers: string[], rows: string[][], write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): void {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const format = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  write(format(headers));
  for (const row of rows) write(format(row));
}

/** "2026-11-22 14:03:12" in local time. */
export function formatTimestamp(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Every failure ends here: one message on stderr, a non-zero exit. */
export function fail(error: unknown): never {
  const message = error instanceof ZervigoError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`zervigo: ${message}\n`);
  process.exit(1);
}
