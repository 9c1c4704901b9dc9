// Gradient of the Cholesky factorisation in one workgroup (Murray 2016, "Differentiation of the
// Cholesky decomposition"): for L = chol(A) [n,n] and the gradient g = L̄ of L,
//   Ā = sym(L^{-T} Φ(L^T L̄) L^{-1}),   Φ = lower triangle with the diagonal halved.
// Since sym(Y) = sym(Y^T), the kernel forms Y^T = L^{-T} X^T with X = L^{-T} P: two rounds of
// column-wise back substitution in `scratch`, each invocation owning columns, so neighbouring
// invocations touch neighbouring addresses. Phases, separated by barriers:
//   1. scratch = P = Φ(L^T L̄) (only the lower triangle of L̄ enters, as L has no upper one);
//   2. scratch = X = L^{-T} P; out = X^T;
//   3. scratch = out;
//   4. scratch = L^{-T} scratch = Y^T;
//   5. out = (scratch + scratch^T) / 2.
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

// (L^T)[r, p] = L[p, r].
fn lt(r: u32, p: u32) -> f32 {
  return l[p * U.n + r];
}

// Column c of scratch := L^{-T} (column c of scratch). Right-looking back substitution blocked
// by four pivots (as in triangular_solve.wgsl): once x_i .. x_i-3 are known, every row above is
// updated with all four, so each load and store of scratch serves four multiply-adds.
fn solve_column(c: u32) {
  let n = U.n;
  var top = n;
  for (; top >= 4u; top -= 4u) {
    let i = top - 1u;
    let x0 = scratch[i * n + c] / lt(i, i);
    let x1 = (scratch[(i - 1u) * n + c] - lt(i - 1u, i) * x0) / lt(i - 1u, i - 1u);
    let x2 = (scratch[(i - 2u) * n + c] - lt(i - 2u, i) * x0 - lt(i - 2u, i - 1u) * x1) / lt(i - 2u, i - 2u);
    let x3 = (scratch[(i - 3u) * n + c] - lt(i - 3u, i) * x0 - lt(i - 3u, i - 1u) * x1 - lt(i - 3u, i - 2u) * x2) / lt(i - 3u, i - 3u);
    scratch[i * n + c] = x0;
    scratch[(i - 1u) * n + c] = x1;
    scratch[(i - 2u) * n + c] = x2;
    scratch[(i - 3u) * n + c] = x3;
    for (var r = 0u; r + 3u < i; r++) {
      scratch[r * n + c] -= lt(r, i) * x0 + lt(r, i - 1u) * x1 + lt(r, i - 2u) * x2 + lt(r, i - 3u) * x3;
    }
  }
  // The first n mod 4 rows: the updates from the pivots above them are already applied.
  for (var j = top; j > 0u; j--) {
    let i = j - 1u;
    var s = scratch[i * n + c];
    for (var p = i + 1u; p < top; p++) {
      s -= lt(i, p) * scratch[p * n + c];
    }
    scratch[i * n + c] = s / lt(i, i);
  }
}

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
  for (var c = t; c < n; c += WG) {
    solve_column(c);
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
    solve_column(c);
  }
  storageBarrier();
  for (var e = t; e < nn; e += WG) {
    let i = e / n;
    let j = e - i * n;
    out[e] = 0.5 * (scratch[e] + scratch[j * n + i]);
  }
}
