// Bring-your-own data for the bnn page: columns x1, x2 and a 0/1 label.

import type { ClassificationData } from '../../../engine/data/twoMoons';
import { CsvError, parseColumns } from '../../data/csv';

/** Fewest rows that split into train, validation and test sets with something in each. */
export const MIN_ROWS = 10;
export const MAX_BNN_ROWS = 20_000;

export function parseBnnCsv(text: string): ClassificationData {
  const t = parseColumns(text, ['x1', 'x2', 'label'], MAX_BNN_ROWS);
  const { x1, x2, label } = t.columns;
  const x = new Float64Array(2 * t.rows);
  let ones = 0;
  for (let i = 0; i < t.rows; i++) {
    if (label[i] !== 0 && label[i] !== 1) throw new CsvError(`label ${label[i]} is not 0 or 1`, t.lines[i]);
    ones += label[i];
    x[2 * i] = x1[i];
    x[2 * i + 1] = x2[i];
  }
  if (t.rows < MIN_ROWS) throw new CsvError(`the file has ${t.rows} data rows; at least ${MIN_ROWS} are needed to split it into training, validation and test sets`, 0);
  if (ones === 0 || ones === t.rows) throw new CsvError(`every label is ${ones === 0 ? 0 : 1}: both classes are needed`, 0);
  return { x, y: label, n: t.rows };
}

/** The smallest rectangle holding every point [n, 2] of the given sets. */
export function boundingBox(...sets: readonly { x: Float64Array; n: number }[]): { x: [number, number]; y: [number, number] } | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of sets) {
    for (let i = 0; i < s.n; i++) {
      x0 = Math.min(x0, s.x[2 * i]);
      x1 = Math.max(x1, s.x[2 * i]);
      y0 = Math.min(y0, s.x[2 * i + 1]);
      y1 = Math.max(y1, s.x[2 * i + 1]);
    }
  }
  return Number.isFinite(x0) ? { x: [x0, x1], y: [y0, y1] } : null;
}
