/** `npm run notebook -- gamma`: SVI fit of a Gamma concentration against its exact posterior. */
import type { GammaNotebookResult } from '../../src/engine/experiments/gammaNotebook';
import { runGammaNotebook } from '../../src/engine/experiments/gammaNotebook';
import { GAMMA_SETTINGS } from '../../src/engine/notebooks/gamma/settings';
import { cliSettings } from '../../src/engine/settings';
import { defineNotebook } from './types';
import { loadOwnData } from './loadCsv';

export const gammaNotebook = defineNotebook({
  id: 'gamma',
  summary: 'SVI for a Gamma concentration, against the exact posterior by quadrature',
  settings: cliSettings(GAMMA_SETTINGS),
  async run(o): Promise<GammaNotebookResult> {
    const data = loadOwnData(o.data, ['z'], ({ columns: { z } }) => {
      const bad = z.findIndex((v) => !(v > 0));
      return bad >= 0 ? { problem: `value ${bad + 1} of column z is ${z[bad]}; Gamma data must be positive` } : z;
    });
    const r = await runGammaNotebook({
      concentration: o.concentration,
      n: o.n,
      steps: o.steps,
      particles: o.particles,
      learningRate: o.learningRate,
      seed: o.seed,
      data,
    });
    return { notebook: r.notebook, n: r.n, q: r.q, exact: r.exact, lossFinal: r.lossFinal };
  },
  format(r) {
    const f = (x: number, digits = 4) => Number(x.toPrecision(digits)).toString();
    return [
      `Gamma concentration from ${r.n} observations`,
      `q(a) = LogNormal(loc ${f(r.q.loc)}, scale ${f(r.q.scale)}): mean ${f(r.q.mean)}, sd ${f(r.q.sd)}`,
      `exact posterior: mean ${f(r.exact.mean)}, sd ${f(r.exact.sd)}, 90% interval [${f(r.exact.q05)}, ${f(r.exact.q95)}]`,
      `q mean - exact mean = ${f((r.q.mean - r.exact.mean) / r.exact.sd, 3)} exact sd; q sd / exact sd = ${f(r.q.sd / r.exact.sd, 3)}`,
      `final loss (mean negative ELBO, last 50 steps) ${f(r.lossFinal, 6)}`,
    ].join('\n');
  },
});
