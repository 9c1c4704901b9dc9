/** `npm run notebook -- svgp`: full-batch against mini-batch SVGP training. */
import type { SvgpNotebookResult, SvgpRunSummary } from '../../src/engine/experiments/svgpNotebook';
import { runSvgpNotebook } from '../../src/engine/experiments/svgpNotebook';
import type { RegressionData } from '../../src/engine/models/svgp';
import { SVGP_SETTINGS, checkSvgpSettings } from '../../src/engine/notebooks/svgp/settings';
import { cliSettings } from '../../src/engine/settings';
import { flagName, refuse } from '../cli/args';
import { defineNotebook } from './types';
import { loadOwnData, pointRows } from './loadCsv';

export const svgpNotebook = defineNotebook({
  id: 'svgp',
  summary: 'mini-batch sparse variational GP against full-batch training',
  settings: cliSettings(SVGP_SETTINGS),
  run(o): Promise<SvgpNotebookResult> {
    const data = loadOwnData(o.data, ['x1', 'x2', 'y'], (t): RegressionData => ({ x: pointRows(t.columns.x1, t.columns.x2), y: t.columns.y, n: t.rows }));
    const n = data?.n ?? o.n;
    refuse(checkSvgpSettings({ batch: o.batch, n }, flagName));
    return runSvgpNotebook({
      fullSteps: o.fullSteps,
      miniSteps: o.miniSteps,
      batch: o.batch,
      seed: o.seed,
      dataSeed: o.seed,
      dtype: o.dtype,
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
