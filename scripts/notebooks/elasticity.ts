/** `npm run notebook -- elasticity`: a hierarchical Poisson price-elasticity model, trained data-parallel across worker threads. */
import type { ElasticityNotebookResult } from '../../src/engine/experiments/elasticityNotebook';
import { runElasticityNotebook } from '../../src/engine/experiments/elasticityNotebook';
import type { ElasticityData } from '../../src/engine/models/elasticity';
import { elasticityDataFromColumns } from '../../src/engine/models/elasticity';
import { ELASTICITY_SETTINGS } from '../../src/engine/notebooks/elasticity/settings';
import { cliSettings } from '../../src/engine/settings';
import { UsageError } from '../cli/args';
import { defineNotebook } from './types';
import { loadOwnData } from './loadCsv';
import { startWorkerShards } from './elasticityWorkers';

export const ELASTICITY_CSV_COLUMNS = ['product', 'category', 'period', 'log_price', 'units'] as const;

/** Milliseconds per step outside the shards' computation, kept for the readable summary. */
const commMs = new WeakMap<ElasticityNotebookResult, number>();

export const elasticityNotebook = defineNotebook({
  id: 'elasticity',
  summary: 'hierarchical Poisson price elasticities by SVI, data-parallel across worker threads',
  settings: cliSettings(ELASTICITY_SETTINGS),
  async run(o): Promise<ElasticityNotebookResult> {
    const data = loadOwnData(o.data, ELASTICITY_CSV_COLUMNS, ({ columns: c }): ElasticityData =>
      elasticityDataFromColumns({ product: c.product, category: c.category, period: c.period, log_price: c.log_price, units: c.units }),
    );
    if (!data && o.categories > o.products) {
      throw new UsageError(`--categories ${o.categories} must not exceed --products ${o.products} (every category needs a product)`);
    }
    const r = await runElasticityNotebook({ ...o, data, startShards: startWorkerShards });
    const { details, ...result } = r;
    commMs.set(result, details.commMsPerStep);
    return result;
  },
  format(r) {
    const f = (x: number, digits = 4) => Number(x.toPrecision(digits)).toString();
    const lines = [
      `${r.n} observations: ${r.products} products in ${r.categories} categories over ${r.periods} periods`,
      `${r.guide} guide, ${r.shards} shard${r.shards > 1 ? 's' : ''}: ${r.steps} steps at ${f(r.stepsPerSecond, 3)} steps/s (${f(commMs.get(r) ?? 0, 3)} ms/step outside the shards' computation)`,
      `final loss (mean negative bound, last 100 steps) ${f(r.lossFinal, 7)}`,
      `global elasticity: posterior mean ${f(r.betaG)}`,
    ];
    if (r.betaRmse !== undefined && r.coverage90 !== undefined) {
      lines.push(`product elasticities against the truth: RMSE ${f(r.betaRmse, 3)}, ${f(100 * r.coverage90, 3)}% inside their 90% intervals`);
    }
    return lines.join('\n');
  },
});
