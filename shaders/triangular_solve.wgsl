// X [n,k] with op(T) X = B for triangular T [n,n] (lower or upper; op = transpose when asked;
// only T's triangle is read). All four variants: op(T) is lower triangular when
// LOWER != TRANSPOSE (forward substitution), else upper (backward substitution).
//
// One invocation per column of X, no barriers and no shared memory: the columns are
// independent, and on software GPUs (where the invocations of a workgroup take turns on one
// core and workgroup memory is no faster than buffers) barrier-free code wins by a wide margin.
// Right-looking substitution blocked by four pivots: once x_i .. x_i+3 are known, each
// remaining row is updated with all four at once, so every load and store of X serves four
// multiply-adds. Small workgroups (WG) spread the columns over the cores.

override LOWER: bool = true;
override TRANSPOSE: bool = false;
// B is given as its transpose [k,n] (a lazy transpose of a buffer is never copied).
override TRANS_RHS: bool = false;
override WG: u32 = 64u;

struct Params {
  n: u32,
  k: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(1) @binding(0) var<storage, read> tm: array<f32>;
@group(1) @binding(1) var<storage, read> b: array<f32>;
@group(1) @binding(2) var<storage, read_write> x: array<f32>;

// Element (r, p) of op(T).
fn op_t(r: u32, p: u32) -> f32 {
  if (TRANSPOSE) {
    return tm[p * P.n + r];
  }
  return tm[r * P.n + p];
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = P.n;
  let k = P.k;
  let forward = LOWER != TRANSPOSE;
  let stride = nwg.x * WG;
  for (var c = gid.x; c < k; c += stride) {
    for (var r = 0u; r < n; r++) {
      if (TRANS_RHS) {
        x[r * k + c] = b[c * n + r];
      } else {
        x[r * k + c] = b[r * k + c];
      }
    }
    if (forward) {
      var i = 0u;
      for (; i + 4u <= n; i += 4u) {
        // The 4 x 4 diagonal block, then the rows below.
        let x0 = x[i * k + c] / op_t(i, i);
        let x1 = (x[(i + 1u) * k + c] - op_t(i + 1u, i) * x0) / op_t(i + 1u, i + 1u);
        let x2 = (x[(i + 2u) * k + c] - op_t(i + 2u, i) * x0 - op_t(i + 2u, i + 1u) * x1) / op_t(i + 2u, i + 2u);
        let x3 = (x[(i + 3u) * k + c] - op_t(i + 3u, i) * x0 - op_t(i + 3u, i + 1u) * x1 - op_t(i + 3u, i + 2u) * x2) / op_t(i + 3u, i + 3u);
        x[i * k + c] = x0;
        x[(i + 1u) * k + c] = x1;
        x[(i + 2u) * k + c] = x2;
        x[(i + 3u) * k + c] = x3;
        for (var r = i + 4u; r < n; r++) {
          x[r * k + c] -= op_t(r, i) * x0 + op_t(r, i + 1u) * x1 + op_t(r, i + 2u) * x2 + op_t(r, i + 3u) * x3;
        }
      }
      // The last n mod 4 pivots have no rows below them outside their own block.
      for (; i < n; i++) {
        var s = x[i * k + c];
        for (var p = (n / 4u) * 4u; p < i; p++) {
          s -= op_t(i, p) * x[p * k + c];
        }
        x[i * k + c] = s / op_t(i, i);
      }
    } else {
      var top = n;
      for (; top >= 4u; top -= 4u) {
        let i = top - 1u;
        let x0 = x[i * k + c] / op_t(i, i);
        let x1 = (x[(i - 1u) * k + c] - op_t(i - 1u, i) * x0) / op_t(i - 1u, i - 1u);
        let x2 = (x[(i - 2u) * k + c] - op_t(i - 2u, i) * x0 - op_t(i - 2u, i - 1u) * x1) / op_t(i - 2u, i - 2u);
        let x3 = (x[(i - 3u) * k + c] - op_t(i - 3u, i) * x0 - op_t(i - 3u, i - 1u) * x1 - op_t(i - 3u, i - 2u) * x2) / op_t(i - 3u, i - 3u);
        x[i * k + c] = x0;
        x[(i - 1u) * k + c] = x1;
        x[(i - 2u) * k + c] = x2;
        x[(i - 3u) * k + c] = x3;
        for (var r = 0u; r + 3u < i; r++) {
          x[r * k + c] -= op_t(r, i) * x0 + op_t(r, i - 1u) * x1 + op_t(r, i - 2u) * x2 + op_t(r, i - 3u) * x3;
        }
      }
      // The first n mod 4 rows: their pivots' updates from above are already applied.
      for (var j = top; j > 0u; j--) {
        let i = j - 1u;
        var s = x[i * k + c];
        for (var p = i + 1u; p < top; p++) {
          s -= op_t(i, p) * x[p * k + c];
        }
        x[i * k + c] = s / op_t(i, i);
      }
    }
  }
}
