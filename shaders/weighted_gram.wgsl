// The weighted Gram matrix out = a diag(g) a^T for a [m,n], g [n] (or a constant weight when
// CONST_W, as in gram(a) = a a^T), out [chunks, m, m] with split-k partials as in matmul.wgsl.
//
// The result is symmetric, so only blocks on or below the diagonal are computed and each is
// written to both triangles. Each invocation computes a 2x2 block (four independent
// accumulators; a measured sweet spot on SwiftShader, where 4x4 blocks spill).

override CONST_W: bool = false;
// n % 4 == 0: rows are read as vec4 (four columns per load), chunks start at multiples of 4.
override VEC: bool = false;

// Parameters (P) and bindings: declared in src/engine/ops/gram/webgpu.ts.
#layout

#include "split_k.wgsl"

fn weight4(q: u32) -> vec4f {
  if (CONST_W) {
    return vec4f(P.w);
  }
  return g4[q];
}

fn weight(p: u32) -> f32 {
  if (CONST_W) {
    return P.w;
  }
  return g[p];
}

fn store(base: u32, i: u32, j: u32, v: f32) {
  if (i < P.m && j < P.m) {
    out[base + i * P.m + j] = v;
    out[base + j * P.m + i] = v;
  }
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let items = P.blocks * P.blocks * P.chunks;
  let stride = nwg.x * 64u;
  for (var w = gid.x; w < items; w += stride) {
    let item = split_k_item(w, P.blocks, P.blocks);
    let chunk = item.x;
    let bi = item.y;
    let bj = item.z;
    if (bj > bi) {
      continue;
    }
    let mm = P.m - 1u;
    let i0 = bi * 2u;
    let j0 = bj * 2u;
    let ra0 = min(i0, mm) * P.n;
    let ra1 = min(i0 + 1u, mm) * P.n;
    let rb0 = min(j0, mm) * P.n;
    let rb1 = min(j0 + 1u, mm) * P.n;
    let p0 = chunk * P.n_chunk;
    let p1 = min(P.n, p0 + P.n_chunk);
    var s00 = 0.0;
    var s01 = 0.0;
    var s10 = 0.0;
    var s11 = 0.0;
    if (VEC) {
      var v00 = vec4f(0.0);
      var v01 = vec4f(0.0);
      var v10 = vec4f(0.0);
      var v11 = vec4f(0.0);
      let n4 = P.n / 4u;
      let r0 = ra0 / 4u;
      let r1 = ra1 / 4u;
      let c0 = rb0 / 4u;
      let c1 = rb1 / 4u;
      for (var q = p0 / 4u; q < p1 / 4u; q++) {
        let wq = weight4(q);
        let x0 = a4[r0 + q] * wq;
        let x1 = a4[r1 + q] * wq;
        let y0 = a4[c0 + q];
        let y1 = a4[c1 + q];
        v00 += x0 * y0;
        v01 += x0 * y1;
        v10 += x1 * y0;
        v11 += x1 * y1;
      }
      let one = vec4f(1.0);
      s00 = dot(v00, one);
      s01 = dot(v01, one);
      s10 = dot(v10, one);
      s11 = dot(v11, one);
    }
    for (var p = select(p0, p1, VEC); p < p1; p++) {
      let wp = weight(p);
      let x0 = a[ra0 + p] * wp;
      let x1 = a[ra1 + p] * wp;
      let y0 = a[rb0 + p];
      let y1 = a[rb1 + p];
      s00 += x0 * y0;
      s01 += x0 * y1;
      s10 += x1 * y0;
      s11 += x1 * y1;
    }
    let base = chunk * P.m * P.m;
    store(base, i0, j0, s00);
    store(base, i0, j0 + 1u, s01);
    store(base, i0 + 1u, j0, s10);
    store(base, i0 + 1u, j0 + 1u, s11);
  }
}
