// C^{-1} = X^T X for X = L^{-1} lower triangular [n,n] (LAPACK's lauum step of potri): a symmetric
// product whose entry (i, j), i >= j, needs only rows p >= i of X, since X[p, i] = 0 above the
// diagonal. 4 x 4 tiles of the lower triangle (lower_tiles.wgsl), each written to both halves;
// n^3/6 multiply-adds instead of the n^3 of a general product.

override WG: u32 = 64u;

// Parameters (P) and bindings: declared in src/engine/ops/invQuadLogdet/webgpu.ts.
#layout

#include "lower_tiles.wgsl"

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = P.n;
  let tiles = (n + 3u) / 4u;
  let items = tiles * (tiles + 1u) / 2u;
  let last = n - 1u;
  for (var w = gid.x; w < items; w += nwg.x * WG) {
    let tile = lower_tile(w);
    let i0 = 4u * tile.x;
    let j0 = 4u * tile.y;
    let i = tile_rows(i0, last);
    let j = tile_rows(j0, last);
    var acc = mat4x4f();
    for (var p = i0; p < n; p++) {
      let row = p * n;
      let xi = vec4f(x[row + i.x], x[row + i.y], x[row + i.z], x[row + i.w]);
      let xj = vec4f(x[row + j.x], x[row + j.y], x[row + j.z], x[row + j.w]);
      acc += mat4x4f(xi * xj.x, xi * xj.y, xi * xj.z, xi * xj.w);
    }
    for (var c = 0u; c < 4u; c++) {
      let col = j0 + c;
      for (var r = 0u; r < 4u; r++) {
        let row = i0 + r;
        if (row < n && col < n) {
          out[row * n + col] = acc[c][r];
          out[col * n + row] = acc[c][r];
        }
      }
    }
  }
}
