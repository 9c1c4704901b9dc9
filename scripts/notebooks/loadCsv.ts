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
