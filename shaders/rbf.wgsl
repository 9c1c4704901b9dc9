// Squared-exponential kernel k[i,j] = s2 exp(-|a_i - b_j|^2 / (2 l^2)) for a [p,d], b [q,d],
// with s2 = exp(log_variance[0]) and l = exp(log_lengthscale[0]) read on the GPU (they are
// trained parameters, never read back). One invocation per column j: b_j is loaded once and
// the writes of neighbouring invocations are contiguous.

#include "exp.wgsl"

// Parameters (P) and bindings: declared in src/engine/ops/rbf/webgpu.ts.
#layout

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let s2 = exp_f32(log_variance[0]);
  // -1 / (2 l^2) with one rounding rather than three.
  let c = -0.5 * exp_f32(-2.0 * log_lengthscale[0]);
  let stride = nwg.x * 64u;
  for (var j = gid.x; j < P.q; j += stride) {
    if (P.d == 2u) {
      // The common two-dimensional case without the inner loop.
      let b0 = b[2u * j];
      let b1 = b[2u * j + 1u];
      for (var i = 0u; i < P.p; i++) {
        let u = a[2u * i] - b0;
        let v = a[2u * i + 1u] - b1;
        k[i * P.q + j] = s2 * exp_f32(c * (u * u + v * v));
      }
    } else {
      for (var i = 0u; i < P.p; i++) {
        var r2 = 0.0;
        for (var t = 0u; t < P.d; t++) {
          let u = a[i * P.d + t] - b[j * P.d + t];
          r2 += u * u;
        }
        k[i * P.q + j] = s2 * exp_f32(c * r2);
      }
    }
  }
}
