// Bring-your-own data for the exact-gp page: a CSV with the columns x and y, at least 2 rows and
// at most EXACT_GP_MAX_N (each training step works with an N x N matrix).

import { EXACT_GP_MAX_N } from '../../../engine/notebooks/exact-gp/settings';
import { CsvError, parseColumns } from '../../data/csv';

export function parseExactGpCsv(text: string): { x: Float64Array; y: Float64Array } {
  const t = parseColumns(text, ['x', 'y'], EXACT_GP_MAX_N);
  if (t.rows < 2) throw new CsvError(`the file has ${t.rows} data row${t.rows === 1 ? '' : 's'}; the exact GP needs at least 2`, 0);
  return { x: t.columns.x, y: t.columns.y };
}
