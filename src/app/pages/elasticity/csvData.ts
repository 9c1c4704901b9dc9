// Bring-your-own data for the elasticity page: a CSV with the columns product, category, period,
// log_price and units (0-based integer indices, whole units), checked as the model reads it.

import { elasticityDataFromColumns } from '../../../engine/models/elasticity';
import { parseColumns } from '../../data/csv';
import type { ElasticityOwnData } from '../../../workers/elasticity/protocol';

/** The header the file must have. */
export const ELASTICITY_CSV_HEADER = 'product,category,period,log_price,units';

/** The source's small data set has 1.56 M rows; a file of about that size is accepted. */
export const ELASTICITY_MAX_ROWS = 1_600_000;

export interface ElasticityOwnRows extends Omit<ElasticityOwnData, 'kind'> {
  products: number;
  categories: number;
  periods: number;
}

/** The file's columns, checked (throws with the first bad row, counted as data rows). */
export function parseElasticityCsv(text: string): ElasticityOwnRows {
  const t = parseColumns(text, ELASTICITY_CSV_HEADER.split(','), ELASTICITY_MAX_ROWS);
  const c = t.columns;
  const data = elasticityDataFromColumns({ product: c.product, category: c.category, period: c.period, log_price: c.log_price, units: c.units });
  return { product: c.product, category: c.category, period: c.period, logPrice: c.log_price, units: c.units, products: data.products, categories: data.categories, periods: data.periods };
}
