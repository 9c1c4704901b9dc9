/** `npm run notebook -- exact-gp`: the exact GP, its two gradient paths and its time per step against N. */
import type { ExactGpNotebookResult } from '../../src/engine/experiments/exactGpNotebook';
import { runExactGpNotebook } from '../../src/engine/experiments/exactGpNotebook';
import { checkExactGpData } from '../../src/engine/models/exactGp';
import { EXACT_GP_SETTINGS } from '../../src/engine/notebooks/exact-gp/settings';
import { cliSettings } from '../../src/engine/settings';
import { defineNotebook } from './types';
import { loadOwnData } from './loadCsv';

export const exactGpNotebook = defineNotebook({
  id: 'exact-gp',
  summary: 'exact GP regression: a hand-written log-det gradient against reverse mode, and the N^3 wall',
  settings: cliSettings(EXACT_GP_SETTINGS),
  run(o): ExactGpNotebookResult {
    const data = loadOwnData(o.data, ['x', 'y'], (t) => {
      const own = { x: t.columns.x, y: t.columns.y, n: t.rows };
      const problem = checkExactGpData(own);
      return problem ? { problem } : own;
    });
    return runExactGpNotebook({
      n: o.n,
      steps: o.steps,
      learningRate: o.learningRate,
      seed: o.seed,
      path: o.path,
      dtype: o.dtype,
      sizes: o.sizes,
      data,
    });
  },
  format(r) {
    const f = (x: number, digits = 4) => Number(x.toPrecision(digits)).toString();
    const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
    const lines = [
      `exact GP on ${r.n} points, ${r.path} gradient, cpu (${r.dtype})`,
      `loss ${f(r.lossFirst, 6)} -> ${f(r.loss50, 6)} (last step), ${f(r.lossAfter, 6)} after it`,
      `outputscale ${f(r.outputscale)}, lengthscale ${f(r.lengthscale)}, noise variance ${f(r.noise)}, mean ${f(r.mean)}`,
      `RMSE of the posterior mean against sin(2 pi x): ${r.rmse === null ? 'n/a (your own data)' : f(r.rmse)}`,
      `the two paths' gradients at the start differ by ${r.gradientAgreement.toExponential(2)} (relative)`,
    ];
    if (r.timing.length > 0) {
      lines.push('ms per training step:', `${'N'.padStart(7)} ${'generic'.padStart(10)} ${'fused'.padStart(10)} ${'saved'.padStart(7)}`);
      for (const t of r.timing) lines.push(`${String(t.n).padStart(7)} ${ms(t.genericMs).padStart(10)} ${ms(t.fusedMs).padStart(10)} ${(t.reduction.toFixed(0) + ' %').padStart(7)}`);
    }
    return lines.join('\n');
  },
});
