// Bring-your-own data on any page: CSV text checked line by line, so that a malformed file gets a
// message naming the line and the problem (as the command line does), never a silent guess. Each
// page adds its own checks of the values (positive, 0 or 1, ...) on top of parseColumns.

import { CsvError, parseNumericCsv } from '../../engine/data/csv';

export { CsvError };

/** Most rows a pasted or uploaded file may hold (the page trains on all of them). */
export const MAX_ROWS = 100_000;

/**
 * The 1-based line number of each data row, in the order parseNumericCsv reads them: the first
 * non-blank line is the header, and blank lines after it are skipped.
 */
export function dataLineNumbers(text: string): number[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines.findIndex((l) => l.trim() !== '');
  const out: number[] = [];
  if (header < 0) return out;
  for (let i = header + 1; i < lines.length; i++) if (lines[i].trim() !== '') out.push(i + 1);
  return out;
}

/** Parses `text` with the given columns and refuses more than `maxRows` rows. */
export function parseColumns(text: string, columns: readonly string[], maxRows = MAX_ROWS): { columns: Record<string, Float64Array>; rows: number; lines: number[] } {
  const t = parseNumericCsv(text, columns);
  if (t.rows > maxRows) throw new CsvError(`the file has ${t.rows.toLocaleString('en-US')} data rows; at most ${maxRows.toLocaleString('en-US')} are allowed`, 0);
  return { columns: t.columns, rows: t.rows, lines: dataLineNumbers(text) };
}

/** The message to show for a file that could not be used. */
export function csvProblem(fileName: string, e: unknown): string {
  const what = e instanceof Error ? e.message : String(e);
  return `${fileName}: ${what}`;
}
