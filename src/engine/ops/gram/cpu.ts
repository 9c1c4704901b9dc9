/** The weighted Gram matrix a diag(g) a^T and the column quadratic forms a_j^T w a_j on the cpu. */
import type { Tensor, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';

/** Weighted Gram matrix out = a diag(g) a^T, a [m,n], g [n]; symmetric, so half is computed. */
export function weightedGramInto(a: TypedArray, g: TypedArray, out: TypedArray, m: number, n: number): void {
  const scaled = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const ai = i * n;
    for (let j = 0; j < n; j++) scaled[j] = a[ai + j] * g[j];
    // Dot products of the scaled row i with rows q..q+3 at once: one load of scaled[j] serves four.
    let q = 0;
    for (; q + 3 <= i; q += 4) {
      const r0 = q * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < n; j++) {
        const v = scaled[j];
        s0 += v * a[r0 + j];
        s1 += v * a[r1 + j];
        s2 += v * a[r2 + j];
        s3 += v * a[r3 + j];
      }
      out[i * m + q] = out[q * m + i] = s0;
      out[i * m + q + 1] = out[(q + 1) * m + i] = s1;
      out[i * m + q + 2] = out[(q + 2) * m + i] = s2;
      out[i * m + q + 3] = out[(q + 3) * m + i] = s3;
    }
    for (; q <= i; q++) {
      const r0 = q * n;
      let s0 = 0;
      for (let j = 0; j < n; j++) s0 += scaled[j] * a[r0 + j];
      out[i * m + q] = out[q * m + i] = s0;
    }
  }
}

/** a diag(g) a^T [m,m] for a [m,n], g [n]. */
export function weightedGramCpu(cpu: CpuKernelApi, a: Tensor, g: Tensor): Tensor {
  const [m, n] = a.shape;
  const out = cpu.output([m, m], a.dtype);
  weightedGramInto(cpu.data(a), cpu.data(g), cpu.data(out), m, n);
  return out;
}

/** Column quadratic forms: out[j] = sum_i a[i,j] (w a)[i,j], a [m,n], w [m,m]. */
export function columnQuadFormInto(w: TypedArray, a: TypedArray, out: TypedArray, m: number, n: number): void {
  out.fill(0);
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    // row = (w a)[i,:] = sum_p w[i,p] a[p,:]
    row.fill(0);
    for (let p = 0; p < m; p++) {
      const c = w[i * m + p];
      if (c === 0) continue;
      const ap = p * n;
      for (let j = 0; j < n; j++) row[j] += c * a[ap + j];
    }
    const ai = i * n;
    for (let j = 0; j < n; j++) out[j] += a[ai + j] * row[j];
  }
}

/** q [n] with q_j = a_j^T w a_j for w [m,m], a [m,n]. */
export function columnQuadFormCpu(cpu: CpuKernelApi, w: Tensor, a: Tensor): Tensor {
  const [m, n] = a.shape;
  const out = cpu.output([n], a.dtype);
  columnQuadFormInto(cpu.data(w), cpu.data(a), cpu.data(out), m, n);
  return out;
}
