// Bring-your-own data for the gamma page: a CSV with the single column `z`, every value positive.

import { CsvError, parseColumns } from '../../data/csv';

/** Observations for the gamma page: a CSV with the single column `z`, every value positive. */
export function parseGammaCsv(text: string): Float64Array {
  const t = parseColumns(text, ['z']);
  const z = t.columns.z;
  for (let i = 0; i < z.length; i++) {
    if (!(z[i] > 0)) throw new CsvError(`${z[i]} in column z is not positive: a Gamma distribution only gives positive values`, t.lines[i]);
  }
  return z;
}
