// Gradients of sum(g * k) for k = rbf(a, b, log s2, log l), a [p,d], b [q,d], with h = g * k:
//   dB_j = sum_i h_ij (a_i - b_j) / l^2     entry point cols: one invocation per column j,
//                                          which also writes partial [2, q]: the column sums
//                                          of h and of h r2 / l^2 (a reduction then gives
//                                          d log s2 = sum h and d log l = sum h r2 / l^2);
//   dA_i = sum_j h_ij (b_j - a_i) / l^2     entry point rows: one invocation per row i and
//                                          chunk of columns, writing partial sums
//                                          [chunks, p, d] (summed afterwards when chunks > 1).
// k is passed in rather than recomputed. The two-dimensional inputs of the models get a
// straight path; other d loop over coordinates through memory (no dynamically indexed vectors,
// which software GPUs spill).

#include "exp.wgsl"

// Parameters (P) and bindings: declared in src/engine/ops/rbf/webgpu.ts.
#layout

fn inv_l2() -> f32 {
  return exp_f32(-2.0 * log_lengthscale[0]);
}

@compute @workgroup_size(64)
fn cols(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let il2 = inv_l2();
  let d = P.d;
  let q = P.q;
  let stride = nwg.x * 64u;
  for (var j = gid.x; j < q; j += stride) {
    var sum_h = 0.0;
    var sum_hr2 = 0.0;
    if (d == 2u) {
      let b0 = b[2u * j];
      let b1 = b[2u * j + 1u];
      var acc0 = 0.0;
      var acc1 = 0.0;
      for (var i = 0u; i < P.p; i++) {
        let h = g[i * q + j] * kmat[i * q + j];
        let u = a[2u * i] - b0;
        let v = a[2u * i + 1u] - b1;
        acc0 += h * u;
        acc1 += h * v;
        sum_h += h;
        sum_hr2 += h * (u * u + v * v);
      }
      out[2u * j] = acc0 * il2;
      out[2u * j + 1u] = acc1 * il2;
    } else {
      for (var t = 0u; t < d; t++) {
        out[j * d + t] = 0.0;
      }
      for (var i = 0u; i < P.p; i++) {
        let h = g[i * q + j] * kmat[i * q + j];
        var r2 = 0.0;
        for (var t = 0u; t < d; t++) {
          let u = a[i * d + t] - b[j * d + t];
          r2 += u * u;
          out[j * d + t] += h * u;
        }
        sum_h += h;
        sum_hr2 += h * r2;
      }
      for (var t = 0u; t < d; t++) {
        out[j * d + t] *= il2;
      }
    }
    partial[j] = sum_h;
    partial[q + j] = sum_hr2 * il2;
  }
}

@compute @workgroup_size(64)
fn rows(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let il2 = inv_l2();
  let d = P.d;
  let p = P.p;
  let q = P.q;
  let items = p * P.chunks;
  let stride = nwg.x * 64u;
  for (var w = gid.x; w < items; w += stride) {
    let chunk = w / p;
    let i = w - chunk * p;
    let j0 = chunk * P.q_chunk;
    let j1 = min(q, j0 + P.q_chunk);
    let o = (chunk * p + i) * d;
    if (d == 2u) {
      let a0 = a[2u * i];
      let a1 = a[2u * i + 1u];
      var acc0 = 0.0;
      var acc1 = 0.0;
      for (var j = j0; j < j1; j++) {
        let h = g[i * q + j] * kmat[i * q + j];
        acc0 += h * (b[2u * j] - a0);
        acc1 += h * (b[2u * j + 1u] - a1);
      }
      out[o] = acc0 * il2;
      out[o + 1u] = acc1 * il2;
    } else {
      for (var t = 0u; t < d; t++) {
        let at = a[i * d + t];
        var acc = 0.0;
        for (var j = j0; j < j1; j++) {
          acc += g[i * q + j] * kmat[i * q + j] * (b[j * d + t] - at);
        }
        out[o + t] = acc * il2;
      }
    }
  }
}
