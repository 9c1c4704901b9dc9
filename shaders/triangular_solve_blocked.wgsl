// X [n,k] with op(T) X = B for triangular T [n,n], blocked by rows for large n, when the
// one-invocation-per-column kernel (triangular_solve.wgsl) would leave a few invocations each
// walking the whole matrix (k = 1 for a right-hand side vector). op(T) is lower triangular when
// LOWER != TRANSPOSE (forward: blocks top to bottom), else upper (backward: bottom to top).
// init copies B into x; then, for each block of rows [b0, b1) in solve order, the host records
//   diag:   solve the block's rows against the diagonal block, one invocation per column;
//   update: x[r, c] -= sum_{p in [b0, b1)} op(T)[r, p] x[p, c] for the unsolved rows
//           [u0, u1), in 4 x 4 tiles over many workgroups (nearly all of the work).
// Only the first `cols` columns are touched: a lower-triangular B in a forward solve (the
// identity, for T^{-1}) has X[r, c] = 0 for r < c, so the columns from b1 on have nothing to do
// in block [b0, b1) yet and are left at zero, which halves the work of inverting T.

override WG: u32 = 64u;

// Parameters (P) and bindings: declared in src/engine/ops/triangularSolve/webgpu.ts.
#layout

#include "triangular_operand.wgsl"

fn tri(r: u32, p: u32) -> f32 {
  return tri_of(r, p, P.n);
}
#include "lower_tiles.wgsl"

@compute @workgroup_size(WG)
fn init(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = P.n;
  let k = P.k;
  for (var e = gid.x; e < n * k; e += nwg.x * WG) {
    if (TRANS_RHS) {
      let r = e / k;
      x[e] = b[(e - r * k) * n + r];
    } else {
      x[e] = b[e];
    }
  }
}

@compute @workgroup_size(WG)
fn diag(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = P.k;
  let b0 = P.b0;
  let b1 = P.b1;
  for (var c = gid.x; c < P.cols; c += nwg.x * WG) {
    if (LOWER != TRANSPOSE) {
      for (var r = b0; r < b1; r++) {
        var s = x[r * k + c];
        for (var p = b0; p < r; p++) {
          s -= tri(r, p) * x[p * k + c];
        }
        x[r * k + c] = s / tri(r, r);
      }
    } else {
      for (var r = b1; r > b0; r--) {
        let i = r - 1u;
        var s = x[i * k + c];
        for (var p = r; p < b1; p++) {
          s -= tri(i, p) * x[p * k + c];
        }
        x[i * k + c] = s / tri(i, i);
      }
    }
  }
}

// acc[c][r] accumulates op(T)[row_r, p] x[p, col_c] over the block's rows p.
@compute @workgroup_size(WG)
fn update(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = P.k;
  let cols = P.cols;
  let u0 = P.u0;
  let u1 = P.u1;
  let col_tiles = (cols + 3u) / 4u;
  let items = ((u1 - u0 + 3u) / 4u) * col_tiles;
  for (var w = gid.x; w < items; w += nwg.x * WG) {
    let ti = w / col_tiles;
    let r0 = u0 + 4u * ti;
    let c0 = 4u * (w - ti * col_tiles);
    let r = tile_rows(r0, u1 - 1u);
    let c = tile_rows(c0, cols - 1u);
    var acc = mat4x4f();
    for (var p = P.b0; p < P.b1; p++) {
      let t = vec4f(tri(r.x, p), tri(r.y, p), tri(r.z, p), tri(r.w, p));
      let row = p * k;
      acc += mat4x4f(t * x[row + c.x], t * x[row + c.y], t * x[row + c.z], t * x[row + c.w]);
    }
    for (var j = 0u; j < 4u; j++) {
      let col = c0 + j;
      for (var i = 0u; i < 4u; i++) {
        let rr = r0 + i;
        if (rr < u1 && col < cols) {
          x[rr * k + col] -= acc[j][i];
        }
      }
    }
  }
}
