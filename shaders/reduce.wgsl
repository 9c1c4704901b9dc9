// Fused reduction (sum or max) over some axes of a lazy expression, keeping them as size 1.
// A template completed by src/engine/webgpu/fusion.ts (double-brace names mark what it fills in,
// #layout its declared parameters and bindings); the expression is evaluated in place, so
// sum(x * y) or sum(x^2) never materialises x * y.
//
// Input coordinates c (rank <= 4 after merging dimensions) are split into kept coordinates,
// from the output index o, and reduced ones, from the reduction index r:
//   c = (o / kstride) % kshape + coords of r      (kshape = 1 on reduced dimensions)
// Two entry points: one invocation per output (many outputs), or one workgroup per output
// with a tree reduction in workgroup memory (few outputs, long reductions).
{{SPECIAL}}

#layout

// -inf, the start of a max, made at run time (WGSL rejects it in constant expressions).
var<private> neg_inf_bits: u32 = 0xff800000u;

fn value(i: u32, c: vec4u) -> {{OUT_T}} {
{{BODY}}
}

fn combine(a: {{OUT_T}}, b: {{OUT_T}}) -> {{OUT_T}} {
{{COMBINE}}
}

fn reduced_coords(r: u32) -> vec4u {
{{RCOORDS}}
}

@compute @workgroup_size(64)
fn main_thread(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let stride = nwg.x * 64u;
  for (var o = gid.x; o < P.out_size; o += stride) {
    let ck = (vec4u(o) / P.kstride) % P.kshape;
    var acc: {{OUT_T}} = {{INIT}};
    for (var r = 0u; r < P.red_size; r++) {
      acc = combine(acc, value(0u, ck + reduced_coords(r)));
    }
    out[o] = acc;
  }
}

var<workgroup> partial: array<{{OUT_T}}, 64>;

@compute @workgroup_size(64)
fn main_group(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32,
              @builtin(num_workgroups) nwg: vec3u) {
  // The loop bound is uniform across the workgroup, so every invocation reaches the barriers.
  for (var o = wid.x; o < P.out_size; o += nwg.x) {
    let ck = (vec4u(o) / P.kstride) % P.kshape;
    var acc: {{OUT_T}} = {{INIT}};
    for (var r = t; r < P.red_size; r += 64u) {
      acc = combine(acc, value(0u, ck + reduced_coords(r)));
    }
    partial[t] = acc;
    workgroupBarrier();
    for (var s = 32u; s > 0u; s >>= 1u) {
      if (t < s) {
        partial[t] = combine(partial[t], partial[t + s]);
      }
      workgroupBarrier();
    }
    if (t == 0u) {
      out[o] = partial[0];
    }
    workgroupBarrier();
  }
}
