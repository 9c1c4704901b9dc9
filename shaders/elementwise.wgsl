// Fused elementwise kernel: out0[i], out1[i], ... = the values of one or more expressions of the
// same shape at every i < n (several outputs share their common subexpressions: an Adam update
// writes the parameter and both moments from one evaluation of the gradient).
// A template completed by src/engine/webgpu/fusion.ts, which writes the body from lazy
// expressions (unary and binary maps with broadcasting, casts, transposes, diagonals,
// triangles, constants) and the stores; double-brace names mark what it fills in, and #layout
// becomes the parameter block and the bindings (inputs in0, in1, ..., outputs out0, ...) that
// fusion.ts declares.
//
// How inputs are indexed: after merging dimensions, the kernel has rank <= 4 and coordinates c.
// Each input read (and each row/column test of a triangle or diagonal) has a "form": the
// offset dot(c, forms[k]) + offs[k]. Forms equal to the contiguous strides are read as plain `i`
// and all-zero forms as a constant, so the common cases need no coordinates at all.
{{SPECIAL}}

#layout

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  // Grid-stride loop: a few elements per invocation amortise the per-invocation cost, which
  // dominates on software rasterisers, and any n fits in a bounded dispatch.
  let stride = nwg.x * 64u;
  for (var i = gid.x; i < P.n; i += stride) {
{{COORDS}}
{{BODY}}
{{STORES}}
  }
}
