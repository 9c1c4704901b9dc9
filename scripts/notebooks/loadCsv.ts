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
