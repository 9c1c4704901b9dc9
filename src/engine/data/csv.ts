/** Parsing of small numeric CSV files (bring-your-own-data), with messages that name the line. */

export class CsvError extends Error {
  constructor(
    message: string,
    /** 1-based line number in the file, or 0 when the problem is the file as a whole. */
    readonly line: number,
  ) {
    super(line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'CsvError';
  }
}

export interface NumericTable {
  /** Column name -> values, in file order. */
  columns: Record<string, Float64Array>;
  rows: number;
}

/**
 * Parses text whose header names exactly `required` columns (any order, extra columns refused),
 * every other non-empty line holding one finite number per column.
 */
export function parseNumericCsv(text: string, required: readonly string[]): NumericTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerLine = lines.findIndex((l) => l.trim() !== '');
  if (headerLine < 0) throw new CsvError('the file is empty', 0);
  const header = lines[headerLine].split(',').map((h) => h.trim().toLowerCase());
  const want = required.map((r) => r.toLowerCase());
  const missing = want.filter((r) => !header.includes(r));
  const extra = header.filter((h) => !want.includes(h));
  if (missing.length || extra.length || header.length !== want.length) {
    throw new CsvError(`the header must be "${required.join(',')}", found "${lines[headerLine].trim()}"`, headerLine + 1);
  }
  const order = want.map((r) => header.indexOf(r));
  const values: number[][] = want.map(() => []);
  for (let i = headerLine + 1; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    const cells = raw.split(',').map((c) => c.trim());
    if (cells.length !== header.length) {
      throw new CsvError(`expected ${header.length} values, found ${cells.length}`, i + 1);
    }
    order.forEach((col, k) => {
      const cell = cells[col];
      const v = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) throw new CsvError(`"${cell}" in column ${required[k]} is not a finite number`, i + 1);
      values[k].push(v);
    });
  }
  const rows = values[0].length;
  if (rows === 0) throw new CsvError('the file has a header but no data rows', 0);
  const columns: Record<string, Float64Array> = {};
  required.forEach((name, k) => (columns[name] = Float64Array.from(values[k])));
  return { columns, rows };
}
