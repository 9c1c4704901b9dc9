/** Reads a CSV named on the command line, turning every failure into a one-line usage error. */
import { readFileSync } from 'node:fs';
import type { NumericTable } from '../../src/engine/data/csv';
import { parseNumericCsv } from '../../src/engine/data/csv';
import { UsageError } from '../cli/args';

export function loadCsv(path: string, columns: readonly string[]): NumericTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return parseNumericCsv(text, columns);
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
}

/** Two columns of n values as one row-major n x 2 array of points (x1, x2). */
export function pointRows(x1: Float64Array, x2: Float64Array): Float64Array {
  const x = new Float64Array(2 * x1.length);
  for (let i = 0; i < x1.length; i++) {
    x[2 * i] = x1[i];
    x[2 * i + 1] = x2[i];
  }
  return x;
}

/**
 * A notebook's own data from `--data FILE`, or undefined when the flag is not given: the CSV with
 * these columns, turned into the notebook's data by `toData`, which throws (any error) or returns
 * a problem sentence for data the model cannot take. Every failure is one usage error naming the file.
 */
export function loadOwnData<D>(path: string | null, columns: readonly string[], toData: (t: NumericTable) => D | { problem: string }): D | undefined {
  if (path === null) return undefined;
  const table = loadCsv(path, columns);
  let data: D | { problem: string };
  try {
    data = toData(table);
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
  if (typeof data === 'object' && data !== null && 'problem' in data) throw new UsageError(`${path}: ${data.problem}`);
  return data;
}
