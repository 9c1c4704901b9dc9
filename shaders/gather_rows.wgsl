// out[r, :] = x[idx[r], :] for x [rows, width], idx [count] (i32), out [count, width].
// Values are moved as bit patterns (u32), so the same kernel serves f32 and i32 tensors.
// An index outside [0, rows) gives a row of zeros (a GPU kernel cannot throw).

// Parameters (P) and bindings: declared in src/engine/ops/gatherRows/webgpu.ts.
#layout

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let total = P.count * P.width;
  let stride = nwg.x * 64u;
  for (var e = gid.x; e < total; e += stride) {
    let r = e / P.width;
    let c = e - r * P.width;
    let i = idx[r];
    var v = 0u;
    if (i >= 0 && u32(i) < P.rows) {
      v = x[u32(i) * P.width + c];
    }
    out[e] = v;
  }
}
