// Lower Cholesky factor L of a + shift I for a symmetric a [n,n] (reads a's lower triangle),
// in one workgroup: the shift (a jitter) is added while the matrix is copied, not by a kernel
// of its own. A non-positive pivot fills L with NaN, as the cpu backend does.
//
// Right-looking elimination without square roots in the loop: step j subtracts
// s_ij s_kj / s_jj from the trailing lower triangle, which needs only the (final) column j and
// its pivot, so each step is one parallel update and one barrier. Columns are scaled by
// 1/sqrt(pivot) at the end: L_ij = s_ij / sqrt(s_jj), L_jj = sqrt(s_jj).
//
// Each invocation owns rows t, t + 16, ...: a small workgroup because on software GPUs the
// invocations of a workgroup share one core and every barrier costs per invocation group,
// while 16 rows in flight already fill the SIMD lanes. The matrix lives in the output buffer:
// measured on SwiftShader, a copy in workgroup memory is slower (0.52 vs 0.38 ms at n = 50),
// and the buffer works for any n.

const WG: u32 = 16u;

// Parameters (P) and bindings: declared in src/engine/ops/cholesky/webgpu.ts.
#layout

// A NaN made at run time (WGSL rejects NaN in constant expressions).
var<private> nan_bits: u32 = 0x7fc00000u;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) t: u32) {
  let n = P.n;
  let nn = n * n;
  for (var e = t; e < nn; e += WG) {
    l[e] = select(a[e], a[e] + P.shift, e % (n + 1u) == 0u);
  }
  storageBarrier();
  var bad = false;
  for (var j = 0u; j < n; j++) {
    let piv = l[j * n + j];
    bad = bad || !(piv > 0.0);
    let inv = 1.0 / piv;
    for (var i = j + 1u + t; i < n; i += WG) {
      let lij = l[i * n + j] * inv;
      for (var k = j + 1u; k <= i; k++) {
        l[i * n + k] -= lij * l[k * n + j];
      }
    }
    storageBarrier();
  }
  // In place: scale the off-diagonal entries while the pivots are still unrooted, then root
  // the diagonal and clear the upper triangle.
  for (var e = t; e < nn; e += WG) {
    let i = e / n;
    let k = e - i * n;
    if (k < i) {
      l[e] = l[e] / sqrt(l[k * n + k]);
    }
  }
  storageBarrier();
  let nan = bitcast<f32>(nan_bits);
  for (var e = t; e < nn; e += WG) {
    let i = e / n;
    let k = e - i * n;
    var v = 0.0;
    if (k < i) {
      v = l[e];
    } else if (k == i) {
      v = sqrt(l[e]);
    }
    l[e] = select(v, nan, bad);
  }
}
