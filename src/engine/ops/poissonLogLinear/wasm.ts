/** The Poisson log-likelihood of a clipped log-linear rate with gathered coefficients, on the cpu in WebAssembly SIMD (assembly/poisson.ts). */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import { wasmCallOf } from '../../cpu/wasm';

/** [total [], resid [n]] as poissonLogLinearCpu. */
export function poissonLogLinearWasm(
  cpu: CpuKernelApi,
  slope: Tensor,
  cellEffect: Tensor,
  intercept: Tensor,
  product: Tensor,
  cell: Tensor,
  x: Tensor,
  units: Tensor,
  weight: Tensor,
  lo: number,
  hi: number,
): [Tensor, Tensor] {
  const n = x.size;
  const out = cpu.output([], x.dtype);
  const resid = cpu.output([n], x.dtype);
  let bad = -1;
  wasmCallOf(cpu).run(x, [slope, cellEffect, intercept, product, cell, x, units, weight], [resid, out], (kernels, [ps, pc, pi, pp, pcell, px, pu, pw], [pr, po]) => {
    bad = kernels.poissonLogLinear(ps, pc, pi, pp, pcell, px, pu, pw, pr, po, n, slope.size, cellEffect.size, lo, hi);
  });
  if (bad >= 0) {
    const [p, c] = [cpu.data(product)[bad], cpu.data(cell)[bad]];
    throw new Error(`poissonLogLinear: row ${bad} has index ${p} of ${slope.size} or cell ${c} of ${cellEffect.size}`);
  }
  return [out, resid];
}

/** [dSlope [products], dCell [cells], dIntercept [products]] as poissonLogLinearBackwardCpu. */
export function poissonLogLinearBackwardWasm(cpu: CpuKernelApi, resid: Tensor, g: Tensor, product: Tensor, cell: Tensor, x: Tensor, products: number, cells: number): [Tensor, Tensor, Tensor] {
  const [dSlope, dCell, dIntercept] = [cpu.output([products], x.dtype), cpu.output([cells], x.dtype), cpu.output([products], x.dtype)];
  const gv = cpu.data(g)[0];
  wasmCallOf(cpu).run(x, [resid, product, cell, x], [dSlope, dCell, dIntercept], (kernels, [pr, pp, pc, px], [ds, dc, di]) =>
    kernels.poissonLogLinearBackward(pr, gv, pp, pc, px, x.size, products, cells, ds, dc, di),
  );
  return [dSlope, dCell, dIntercept];
}
