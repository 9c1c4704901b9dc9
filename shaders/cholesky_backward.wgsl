// Gradient of the Cholesky factorisation in one workgroup (Murray 2016, "Differentiation of the
// Cholesky decomposition"): for L = chol(A) [n,n] and the gradient g = L̄ of L,
//   Ā = sym(L^{-T} Φ(L^T L̄) L^{-1}),   Φ = lower triangle with the diagonal halved.
// Since sym(Y) = sym(Y^T), the kernel forms Y^T = L^{-T} X^T with X = L^{-T} P: two column-wise
// back substitutions, where each invocation owns a column and neighbouring invocations touch
// neighbouring addresses. Four phases separated by barriers:
//   1. scratch = P = Φ(L^T L̄) (only the lower triangle of L̄ enters, as L has no upper one);
//   2. scratch = X = L^{-T} P, column by column, each column also written as a row of out (X^T);
//   3. out = L^{-T} out = Y^T, column by column;
//   4. out = (out + out^T) / 2.
// One dispatch instead of the six of the composed rule (a product, a mask, two solves with
// their transposes, the symmetric part).

override WG: u32 = 64u;

struct Params {
  n: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> U: Params;
@group(1) @binding(0) var<storage, read> l: array<f32>;
@group(1) @binding(1) var<storage, read> g: array<f32>;
@group(1) @binding(2) var<storage, read_write> scratch: array<f32>;
@group(1) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  let n = U.n;
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
  // L^T x = p for each column: (L^T)[r,k] = L[k,r], nonzero for k >= r.
  for (var c = t; c < n; c += WG) {
    for (var rr = n; rr > 0u; rr--) {
      let r = rr - 1u;
      var s = scratch[r * n + c];
      for (var k = r + 1u; k < n; k++) {
        s -= l[k * n + r] * scratch[k * n + c];
      }
      let x = s / l[r * n + r];
      scratch[r * n + c] = x;
      out[c * n + r] = x;
    }
  }
  storageBarrier();
  for (var c = t; c < n; c += WG) {
    for (var rr = n; rr > 0u; rr--) {
      let r = rr - 1u;
      var s = out[r * n + c];
      for (var k = r + 1u; k < n; k++) {
        s -= l[k * n + r] * out[k * n + c];
      }
      out[r * n + c] = s / l[r * n + r];
    }
  }
  storageBarrier();
  // Each invocation owns the pairs (i, j), i > j, whose entries it reads and writes.
  for (var e = t; e < nn; e += WG) {
    let i = e / n;
    let j = e - i * n;
    if (j < i) {
      let v = 0.5 * (out[e] + out[j * n + i]);
      out[e] = v;
      out[j * n + i] = v;
    }
  }
}
