// Lower Cholesky factor L of a + shift I for matrices beyond one workgroup's reach (n in the
// thousands): right-looking and blocked by columns. For each block of columns [j0, j1) the host
// records three dispatches:
//   diag:   factor the diagonal block in place (one workgroup; j1 - j0 pivots);
//   panel:  the rows below it, L[i, j0:j1] = A[i, j0:j1] L[j0:j1, j0:j1]^{-T}, one invocation
//           per row (a forward substitution of length j1 - j0);
//   update: the trailing lower triangle, A[j1:, j1:] -= L[j1:, j0:j1] L[j1:, j0:j1]^T, in 4 x 4
//           tiles over many workgroups: the n^3/6 multiply-adds of the factorisation, nearly
//           all of them here.
// init copies a (plus the shift on the diagonal) into the lower triangle of l and zeroes the
// upper one; the matrix is factored in place in l. A pivot that is not positive sets status,
// and finish then fills l with NaN, as the cpu backend does.

override WG: u32 = 64u;

// Parameters (P) and bindings: declared in src/engine/ops/cholesky/webgpu.ts.
#layout

#include "lower_tiles.wgsl"

// A NaN made at run time (WGSL rejects NaN in constant expressions).
var<private> nan_bits: u32 = 0x7fc00000u;

@compute @workgroup_size(WG)
fn init(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = P.n;
  let nn = n * n;
  if (gid.x == 0u) {
    status[0] = 0u;
  }
  for (var e = gid.x; e < nn; e += nwg.x * WG) {
    let i = e / n;
    let k = e - i * n;
    var v = 0.0;
    if (k < i) {
      v = a[e];
    } else if (k == i) {
      v = a[e] + P.shift;
    }
    l[e] = v;
  }
}

// One workgroup. Pivot j: scale column j below the diagonal by 1/sqrt(pivot), then subtract
// its outer product from the rest of the block; invocation t owns rows j + 1 + t, + WG, ...
@compute @workgroup_size(WG)
fn diag(@builtin(local_invocation_index) t: u32) {
  let n = P.n;
  let j1 = P.j1;
  for (var j = P.j0; j < j1; j++) {
    let piv = l[j * n + j];
    let ok = piv > 0.0;
    let d = sqrt(select(1.0, piv, ok));
    if (!ok && t == 0u) {
      status[0] = 1u;
    }
    let inv = 1.0 / d;
    for (var i = j + 1u + t; i < j1; i += WG) {
      l[i * n + j] *= inv;
    }
    storageBarrier();
    for (var i = j + 1u + t; i < j1; i += WG) {
      let lij = l[i * n + j];
      for (var k = j + 1u; k <= i; k++) {
        l[i * n + k] -= lij * l[k * n + j];
      }
    }
    if (t == 0u) {
      l[j * n + j] = d;
    }
    storageBarrier();
  }
}

// Rows below the diagonal block, one per invocation: x L_kk^T = a_i by forward substitution.
@compute @workgroup_size(WG)
fn panel(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = P.n;
  let j0 = P.j0;
  let j1 = P.j1;
  for (var i = j1 + gid.x; i < n; i += nwg.x * WG) {
    let row = i * n;
    for (var j = j0; j < j1; j++) {
      var s = l[row + j];
      for (var p = j0; p < j; p++) {
        s -= l[row + p] * l[j * n + p];
      }
      l[row + j] = s / l[j * n + j];
    }
  }
}

// The trailing lower triangle in 4 x 4 tiles; acc[c][r] accumulates L[i_r, p] L[k_c, p].
@compute @workgroup_size(WG)
fn update(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = P.n;
  let j0 = P.j0;
  let j1 = P.j1;
  let tiles = (n - j1 + 3u) / 4u;
  let items = tiles * (tiles + 1u) / 2u;
  let last = n - 1u;
  for (var w = gid.x; w < items; w += nwg.x * WG) {
    let tile = lower_tile(w);
    let i0 = j1 + 4u * tile.x;
    let k0 = j1 + 4u * tile.y;
    let i = tile_rows(i0, last) * n;
    let k = tile_rows(k0, last) * n;
    var acc = mat4x4f();
    for (var p = j0; p < j1; p++) {
      let li = vec4f(l[i.x + p], l[i.y + p], l[i.z + p], l[i.w + p]);
      let lk = vec4f(l[k.x + p], l[k.y + p], l[k.z + p], l[k.w + p]);
      acc += mat4x4f(li * lk.x, li * lk.y, li * lk.z, li * lk.w);
    }
    for (var c = 0u; c < 4u; c++) {
      let col = k0 + c;
      for (var r = 0u; r < 4u; r++) {
        let row = i0 + r;
        if (row < n && col <= row) {
          l[row * n + col] -= acc[c][r];
        }
      }
    }
  }
}

// All NaN when a pivot was not positive; otherwise nothing to do.
@compute @workgroup_size(WG)
fn finish(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  if (status[0] == 0u) {
    return;
  }
  let nan = bitcast<f32>(nan_bits);
  for (var e = gid.x; e < P.n * P.n; e += nwg.x * WG) {
    l[e] = nan;
  }
}
