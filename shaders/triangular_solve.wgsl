// X [n,k] with op(T) X = B for triangular T [n,n] (lower or upper; op = transpose when asked;
// only T's triangle is read). All four variants: op(T) is lower triangular when
// LOWER != TRANSPOSE (forward substitution), else upper (backward substitution).
//
// One invocation per column of X, no barriers and no shared memory: the columns are
// independent, and on software GPUs (where the invocations of a workgroup take turns on one
// core and workgroup memory is no faster than buffers) barrier-free code wins by a wide margin.
// The substitution itself is shaders/substitution.wgsl. Small workgroups (WG) spread the
// columns over the cores.

override WG: u32 = 64u;

// Parameters (P) and bindings: declared in src/engine/ops/triangularSolve/webgpu.ts.
#layout

#include "triangular_operand.wgsl"

fn tri(r: u32, p: u32) -> f32 {
  return tri_of(r, p, P.n);
}
#include "substitution.wgsl"

fn col_get(r: u32, c: u32) -> f32 {
  return x[r * P.k + c];
}

fn col_set(r: u32, c: u32, v: f32) {
  x[r * P.k + c] = v;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let n = P.n;
  let k = P.k;
  let stride = nwg.x * WG;
  for (var c = gid.x; c < k; c += stride) {
    for (var r = 0u; r < n; r++) {
      if (TRANS_RHS) {
        x[r * k + c] = b[c * n + r];
      } else {
        x[r * k + c] = b[r * k + c];
      }
    }
    if (LOWER != TRANSPOSE) {
      forward_substitute(c, n);
    } else {
      back_substitute(c, n);
    }
  }
}
