/**
 * Dense linear algebra written out plainly in float64 (Gauss–Jordan elimination with partial
 * pivoting), independent of the engine's kernels: the truth that the Cholesky-based ops are
 * tested against.
 */

/** A^{-1} [n,n] of a row-major [n,n] matrix and log |det A|. */
export function inverseAndLogAbsDet(values: ArrayLike<number>, n: number): { inverse: Float64Array; logAbsDet: number } {
  const a = Float64Array.from(values);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  let logAbsDet = 0;
  const swap = (x: Float64Array, r: number, s: number) => {
    for (let k = 0; k < n; k++) [x[r * n + k], x[s * n + k]] = [x[s * n + k], x[r * n + k]];
  };
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
    if (piv !== c) {
      swap(a, c, piv);
      swap(inv, c, piv);
    }
    const d = a[c * n + c];
    logAbsDet += Math.log(Math.abs(d));
    for (let k = 0; k < n; k++) {
      a[c * n + k] /= d;
      inv[c * n + k] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c];
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k] -= f * a[c * n + k];
        inv[r * n + k] -= f * inv[c * n + k];
      }
    }
  }
  return { inverse: inv, logAbsDet };
}

/** A v for a row-major [n,n] matrix and v [n]. */
export function matVec(a: ArrayLike<number>, v: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** max |got - want| / max |want|: the relative difference of two arrays as a whole. */
export function relativeDifference(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) throw new Error(`relativeDifference: lengths ${got.length} and ${want.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
