// Gradient of the Cholesky factorisation in one workgroup (Murray 2016, "Differentiation of the
// Cholesky decomposition"): for L = chol(A) [n,n] and the gradient g = L̄ of L,
//   Ā = sym(L^{-T} Φ(L^T L̄) L^{-1}),   Φ = lower triangle with the diagonal halved.
// Since sym(Y) = sym(Y^T), the kernel forms Y^T = L^{-T} X^T with X = L^{-T} P: two rounds of
// column-wise back substitution (shaders/substitution.wgsl) in `scratch`, each invocation
// owning columns, so neighbouring invocations touch neighbouring addresses. Phases, separated by barriers:
//   1. scratch = P = Φ(L^T L̄) (only the lower triangle of L̄ enters, as L has no upper one);
//   2. scratch = X = L^{-T} P; out = X^T;
//   3. scratch = out;
//   4. scratch = L^{-T} scratch = Y^T;
//   5. out = (scratch + scratch^T) / 2.
// One dispatch instead of the six of the composed rule (a product, a mask, two solves with
// their transposes, the symmetric part).

override WG: u32 = 64u;

// Parameters (P) and bindings: declared in src/engine/ops/cholesky/webgpu.ts.
#layout

#include "substitution.wgsl"

// The triangular matrix of both solves is L^T: (L^T)[r, p] = L[p, r].
fn tri(r: u32, p: u32) -> f32 {
  return l[p * P.n + r];
}

fn col_get(r: u32, c: u32) -> f32 {
  return scratch[r * P.n + c];
}

fn col_set(r: u32, c: u32, v: f32) {
  scratch[r * P.n + c] = v;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  let n = P.n;
  let nn = n * n;
  for (var e = t; e < nn; e += WG) {
    let i = e / n;
    let j = e - i * n;
    var s = 0.0;
    if (j <= i) {
      for (var k = i; k < n; k++) {
        s += l[k * n + i] * g[k * n + j];
      }
      if (j == i) {
        s *= 0.5;
      }
    }
    scratch[e] = s;
  }
  storageBarrier();
  for (var c = t; c < n; c += WG) {
    back_substitute(c, n);
    for (var r = 0u; r < n; r++) {
      out[c * n + r] = scratch[r * n + c];
    }
  }
  storageBarrier();
  for (var e = t; e < nn; e += WG) {
    scratch[e] = out[e];
  }
  storageBarrier();
  for (var c = t; c < n; c += WG) {
    back_substitute(c, n);
  }
  storageBarrier();
  for (var e = t; e < nn; e += WG) {
    let i = e / n;
    let j = e - i * n;
    out[e] = 0.5 * (scratch[e] + scratch[j * n + i]);
  }
}
