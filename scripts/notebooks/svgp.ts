/** `npm run notebook -- svgp`: full-batch against mini-batch SVGP training. */
import type { SvgpNotebookResult, SvgpRunSummary } from '../../src/engine/experiments/svgpNotebook';
import { SVGP_NOTEBOOK_DEFAULTS, runSvgpNotebook } from '../../src/engine/experiments/svgpNotebook';
import type { RegressionData } from '../../src/engine/models/svgp';
import { UsageError } from '../cli/args';
import { defineNotebook } from './types';
import { loadCsv } from './loadCsv';

const d = SVGP_NOTEBOOK_DEFAULTS;

export const svgpNotebook = defineNotebook({
  id: 'svgp',
  summary: 'mini-batch sparse variational GP against full-batch training',
  specs: {
    fullSteps: { kind: 'int', default: d.fullSteps, min: 0, max: 1_000_000, help: 'full-batch Adam steps (0 skips the run)' },
    miniSteps: { kind: 'int', default: d.miniSteps, min: 0, max: 10_000_000, help: 'mini-batch Adam steps (0 skips the run)' },
    batch: { kind: 'int', default: d.batch, min: 1, max: 10_000_000, help: 'mini-batch size B, at most N' },
    seed: { kind: 'int', default: 0, min: 0, max: 2 ** 32 - 1, help: 'seed of the data and of the mini-batch draws' },
    dtype: { kind: 'enum', default: 'f64', values: ['f64', 'f32'], help: 'floating-point precision' },
    m: { kind: 'int', default: d.m, min: 1, max: 400, help: 'number of inducing inputs M' },
    n: { kind: 'int', default: d.n, min: 2, max: 1_000_000, help: 'number of generated points N' },
    learningRate: { kind: 'float', default: d.learningRate, min: 1e-8, max: 10, help: 'Adam learning rate' },
    data: { kind: 'path', default: null, help: 'CSV with header x1,x2,y replacing the generated data' },
    backend: { kind: 'enum', default: 'cpu', values: ['cpu'], help: 'backend (Node has only the cpu backend)' },
  },
  run(o): Promise<SvgpNotebookResult> {
    let data: RegressionData | undefined;
    if (o.data !== null) {
      const t = loadCsv(o.data, ['x1', 'x2', 'y']);
      const x = new Float64Array(2 * t.rows);
      for (let i = 0; i < t.rows; i++) {
        x[2 * i] = t.columns.x1[i];
        x[2 * i + 1] = t.columns.x2[i];
      }
      data = { x, y: t.columns.y, n: t.rows };
    }
    const n = data?.n ?? o.n;
    if (o.batch > n) throw new UsageError(`--batch = ${o.batch} is out of range: allowed 1 to N = ${n}`);
    return runSvgpNotebook({
      fullSteps: o.fullSteps,
      miniSteps: o.miniSteps,
      batch: o.batch,
      seed: o.seed,
      dataSeed: o.seed,
      dtype: o.dtype as 'f64' | 'f32',
      m: o.m,
      n,
      learningRate: o.learningRate,
      data,
    });
  },
  format(r) {
    const fmt = (x: number | null, digits = 4) => (x === null ? 'n/a' : Number(x.toPrecision(digits)).toString());
    const line = (name: string, s: SvgpRunSummary | null) =>
      s === null
        ? `${name}: skipped`
        : `${name}: ${s.steps} steps in ${fmt(s.seconds)} s (${fmt(s.msPerStep)} ms/step); loss ${fmt(s.lossFirst, 6)} -> ${fmt(s.lossFinal, 6)}; ` +
          `RMSE vs truth ${fmt(s.rmse)}; variance ${fmt(s.variance)}, lengthscale ${fmt(s.lengthscale)}, noise variance ${fmt(s.noiseVariance)}`;
    return [
      `SVGP on ${r.n} points, M = ${r.m}, backend ${r.backend} (${r.dtype})`,
      line('full batch', r.full),
      line('mini-batch', r.mini),
      `per-step speed-up ${fmt(r.speedup, 3)}x (ceiling N/B = ${fmt(r.n / r.batch, 3)})`,
      `full vs mini posterior mean RMSE ${fmt(r.disagreement)}`,
    ].join('\n');
  },
});
