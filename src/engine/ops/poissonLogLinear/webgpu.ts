/**
 * The Poisson log-linear likelihood on the GPU, built from the backend's primitives: three row
 * gathers, the clip, exp, and two sums (the elementwise steps fuse into what reads them).
 */
import type { Tensor } from '../../tensor';
import { registerKernel } from '../registry';
import { poissonLogLinearBackwardKernel, poissonLogLinearKernel } from './poissonLogLinear';

registerKernel(poissonLogLinearKernel, 'webgpu', (gpu, slope, cellEffect, intercept, product, cell, x, units, weight, lo, hi) => {
  const temps: Tensor[] = [];
  const keep = (t: Tensor): Tensor => {
    temps.push(t);
    return t;
  };
  const lin = keep(gpu.binary('add', keep(gpu.binary('add', keep(gpu.binary('mul', keep(gpu.gatherRows(slope, product)), x)), keep(gpu.gatherRows(cellEffect, cell)))), keep(gpu.gatherRows(intercept, product))));
  const loT = keep(gpu.full([], lo, x.dtype));
  const hiT = keep(gpu.full([], hi, x.dtype));
  const eta = keep(gpu.binary('minimum', keep(gpu.binary('maximum', lin, loT)), hiT));
  const e = keep(gpu.unary('exp', eta));
  const perRow = keep(gpu.binary('mul', weight, keep(gpu.binary('sub', keep(gpu.binary('mul', units, eta)), e))));
  const out = gpu.reshape(gpu.sum(perRow, [0]), []);
  const outside = keep(gpu.binary('add', keep(gpu.binary('greater', loT, lin)), keep(gpu.binary('greater', lin, hiT))));
  const inside = keep(gpu.binary('sub', keep(gpu.full([], 1, x.dtype)), outside));
  const resid = gpu.binary('mul', keep(gpu.binary('mul', weight, keep(gpu.binary('sub', units, e)))), inside);
  for (const t of temps) gpu.dispose(t);
  return [out, resid];
});

registerKernel(poissonLogLinearBackwardKernel, 'webgpu', (gpu, resid, g, product, cell, x, products, cells) => {
  const rho = gpu.binary('mul', resid, g);
  const rhoX = gpu.binary('mul', rho, x);
  const out: [Tensor, Tensor, Tensor] = [gpu.scatterAddRows(rhoX, product, products), gpu.scatterAddRows(rho, cell, cells), gpu.scatterAddRows(rho, product, products)];
  gpu.dispose(rhoX);
  gpu.dispose(rho);
  return out;
});
