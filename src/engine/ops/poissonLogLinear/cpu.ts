/** The Poisson log-likelihood of a clipped log-linear rate with gathered coefficients, on the cpu. */
import type { Tensor } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';

/**
 * [sum_r w_r (u_r eta_r - e^{eta_r}) [], residuals w_r (u_r - e^{eta_r}) [lo <= lin_r <= hi] [n]]
 * with lin_r = slope[product_r] x_r + cellEffect[cell_r] + intercept[product_r] and
 * eta_r = clip(lin_r, lo, hi): one pass over the rows, nothing per row kept but the residual.
 */
export function poissonLogLinearCpu(
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
  const [b, gc, d] = [cpu.data(slope), cpu.data(cellEffect), cpu.data(intercept)];
  const [pi, ci, xv, uv, wv] = [cpu.data(product), cpu.data(cell), cpu.data(x), cpu.data(units), cpu.data(weight)];
  const resid = cpu.zeros([n], x.dtype);
  const rv = cpu.data(resid);
  const [P, M] = [b.length, gc.length];
  let total = 0;
  for (let r = 0; r < n; r++) {
    const p = pi[r];
    const c = ci[r];
    if (!(p >= 0 && p < P && c >= 0 && c < M)) throw new Error(`poissonLogLinear: row ${r} has index ${p} of ${P} or cell ${c} of ${M}`);
    const lin = b[p] * xv[r] + gc[c] + d[p];
    const eta = lin < lo ? lo : lin > hi ? hi : lin;
    const e = Math.exp(eta);
    const w = wv[r];
    total += w * (uv[r] * eta - e);
    rv[r] = lin >= lo && lin <= hi ? w * (uv[r] - e) : 0;
  }
  const out = cpu.zeros([], x.dtype);
  cpu.data(out)[0] = total;
  return [out, resid];
}

/**
 * The three gradients of the op for output cotangent g [] and residuals [n]: rho_r = g resid_r
 * scatter-added as rho_r x_r by product (slope), rho_r by cell and rho_r by product
 * (intercept), in one pass over the rows.
 */
export function poissonLogLinearBackwardCpu(
  cpu: CpuKernelApi,
  resid: Tensor,
  g: Tensor,
  product: Tensor,
  cell: Tensor,
  x: Tensor,
  products: number,
  cells: number,
): [Tensor, Tensor, Tensor] {
  const [dSlope, dCell, dIntercept] = [cpu.zeros([products], x.dtype), cpu.zeros([cells], x.dtype), cpu.zeros([products], x.dtype)];
  const [ds, dc, di] = [cpu.data(dSlope), cpu.data(dCell), cpu.data(dIntercept)];
  const [rv, pi, ci, xv] = [cpu.data(resid), cpu.data(product), cpu.data(cell), cpu.data(x)];
  const gv = cpu.data(g)[0];
  for (let r = 0; r < rv.length; r++) {
    const rho = gv * rv[r];
    if (rho === 0) continue;
    const p = pi[r];
    ds[p] += rho * xv[r];
    di[p] += rho;
    dc[ci[r]] += rho;
  }
  return [dSlope, dCell, dIntercept];
}
