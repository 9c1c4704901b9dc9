// out[idx[r], :] += g[r, :] for g [count, width], idx [count] (i32), out [rows, width] cleared
// beforehand: the adjoint of gather_rows. Mini-batches drawn with replacement repeat indices,
// so rows collide; WGSL has no float atomics, so each add is a compare-and-swap loop on the
// bit pattern. The order of colliding adds is not fixed: sums agree to float32 rounding.
// Indices outside [0, rows) are skipped.

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
    if (i < 0 || u32(i) >= P.rows) {
      continue;
    }
    let o = u32(i) * P.width + c;
    let v = g[e];
    var old = atomicLoad(&out[o]);
    loop {
      let res = atomicCompareExchangeWeak(&out[o], old, bitcast<u32>(bitcast<f32>(old) + v));
      if (res.exchanged) {
        break;
      }
      old = res.old_value;
    }
  }
}
