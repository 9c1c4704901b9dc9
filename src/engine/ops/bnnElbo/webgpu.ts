/**
 * The Bayesian network's ELBO terms on the GPU, composed of the existing kernels: the guide's draw
 * and the model as the generic path computes them (dense layers, the Bernoulli-logit kernel), one
 * draw after another. The backward pass differentiates that composition for the cotangent, in
 * one reverse sweep (where the cpu kernel hands back gradients it computed on the way).
 */
import type { Tensor } from '../../tensor';
import * as E from '../../ops';
import { noGrad } from '../../autodiff';
import { valueAndGrad } from '../../grad';
import { MeanFieldNormalGuide } from '../../prob/guides';
import { bnnLogLikelihood, bnnLogPrior, bnnSites } from '../../models/bnn';
import { registerKernel } from '../registry';
import { padFlatKernel } from '../sliceFlat/sliceFlat';
import { bnnElboBackwardKernel, bnnElboKernel } from './bnnElbo';

/** The three terms of each draw's ELBO, as scalars: [draw][log-likelihood, log prior, log q]. */
function termsOf(loc: Tensor, rawScale: Tensor, eps: Tensor, x: Tensor, y: Tensor, widths: readonly number[]): Tensor[][] {
  const guide = new MeanFieldNormalGuide(bnnSites(widths));
  const [k, d] = eps.shape;
  const out: Tensor[][] = [];
  for (let p = 0; p < k; p++) {
    const draw = guide.sampleWithNoise({ loc, rawScale }, E.sliceFlat(eps, p * d, [d]));
    out.push([bnnLogLikelihood(draw.latents, { x, y }), bnnLogPrior(draw.latents), draw.logQ]);
  }
  return out;
}

registerKernel(bnnElboKernel, 'webgpu', (gpu, loc, rawScale, eps, x, y, widths, _withGrad) =>
  noGrad(() => {
    const k = eps.shape[0];
    let terms: Tensor | null = null;
    termsOf(loc, rawScale, eps, x, y, widths).forEach((row, p) =>
      row.forEach((t, c) => {
        const placed = padFlatKernel.run(gpu, E.reshape(t, [1]), 3 * p + c, [3 * k]);
        terms = terms === null ? placed : E.add(terms, placed);
      }),
    );
    return { terms: E.reshape(terms as unknown as Tensor, [k, 3]), dLoc: null, dRaw: null };
  }),
);

registerKernel(bnnElboBackwardKernel, 'webgpu', (_gpu, g, loc, rawScale, eps, x, y, widths) => {
  const { grads } = valueAndGrad((p: { loc: Tensor; rawScale: Tensor }) => {
    let f: Tensor | null = null;
    termsOf(p.loc, p.rawScale, eps, x, y, widths).forEach((row, q) =>
      row.forEach((t, c) => {
        const term = E.mul(E.sliceFlat(g, 3 * q + c, []), t);
        f = f === null ? term : E.add(f, term);
      }),
    );
    return f as unknown as Tensor;
  })({ loc, rawScale });
  return [grads.loc, grads.rawScale] as [Tensor, Tensor];
});
