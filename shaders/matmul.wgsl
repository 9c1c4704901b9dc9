// out = op(a) op(b) for row-major a, b; op = transpose where TRANS_A / TRANS_B say.
// Shapes: op(a) [m,k], op(b) [k,n], out [chunks, m, n]: with chunks > 1 the k range is split
// ("split-k") and chunk c writes the partial product over its slice, summed afterwards by a
// reduction; this keeps every core busy when m*n is small and k is long (K_zx y, B = 10,000).
//
// Each invocation computes a 4x4 block of the output as a sum of 4x4 tile products
// (mat4x4f * mat4x4f: 64 multiply-adds per 8 tile rows loaded). Tiles are loaded as vec4 rows
// or columns wherever memory is contiguous and aligned (VEC_A / VEC_B, chosen by the host from
// the layout and the sizes), else element by element with clamped indices. On software GPUs a
// per-invocation load is the dominant cost, so vec4 loads make the kernel several times faster.
// A tail of k mod 4 is done element by element; rows and columns past the edges are clamped
// for the loads and dropped at the store, so any m, n, k work.

override TRANS_A: bool = false;
override TRANS_B: bool = false;
// a's tile loads as vec4: rows (no TRANS_A, k % 4 == 0) or columns (TRANS_A, m % 4 == 0).
override VEC_A: bool = false;
// b's tile loads as vec4: rows (no TRANS_B, n % 4 == 0) or columns (TRANS_B, k % 4 == 0).
override VEC_B: bool = false;
// The stored a (or b) is read through tril(): the lower triangle, its diagonal times scale_a
// (scale_b), zero above, so a lazy tril() of a parameter never needs a kernel of its own.
override TRIL_A: bool = false;
override TRIL_B: bool = false;

// Parameters (P) and bindings: declared in src/engine/ops/matmul/webgpu.ts.
#layout

#include "split_k.wgsl"

// v at (row, col) of a stored matrix read through tril with the given diagonal scale.
fn tril_mask(v: f32, row: u32, col: u32, scale: f32) -> f32 {
  return select(0.0, select(v, v * scale, row == col), col <= row);
}

fn load_a(i: u32, p: u32) -> f32 {
  if (TRANS_A) {
    let v = a[p * P.m + i];
    return select(v, tril_mask(v, p, i, P.scale_a), TRIL_A);
  }
  let v = a[i * P.k + p];
  return select(v, tril_mask(v, i, p, P.scale_a), TRIL_A);
}

fn load_b(p: u32, j: u32) -> f32 {
  if (TRANS_B) {
    let v = b[j * P.k + p];
    return select(v, tril_mask(v, j, p, P.scale_b), TRIL_B);
  }
  let v = b[p * P.n + j];
  return select(v, tril_mask(v, p, j, P.scale_b), TRIL_B);
}

// The 4x4 tile of op(a): rows i (clamped), columns p..p+3 (all < k). Column q of the result
// (WGSL matrices are column-major) is column p + q of op(a).
fn tile_a(i: vec4u, i0: u32, p: u32) -> mat4x4f {
  if (VEC_A) {
    if (TRANS_A) {
      let m4 = P.m / 4u;
      let c = i0 / 4u;
      return mat4x4f(a4[p * m4 + c], a4[(p + 1u) * m4 + c], a4[(p + 2u) * m4 + c], a4[(p + 3u) * m4 + c]);
    }
    let k4 = P.k / 4u;
    let q = p / 4u;
    return transpose(mat4x4f(a4[i.x * k4 + q], a4[i.y * k4 + q], a4[i.z * k4 + q], a4[i.w * k4 + q]));
  }
  return mat4x4f(
    vec4f(load_a(i.x, p), load_a(i.y, p), load_a(i.z, p), load_a(i.w, p)),
    vec4f(load_a(i.x, p + 1u), load_a(i.y, p + 1u), load_a(i.z, p + 1u), load_a(i.w, p + 1u)),
    vec4f(load_a(i.x, p + 2u), load_a(i.y, p + 2u), load_a(i.z, p + 2u), load_a(i.w, p + 2u)),
    vec4f(load_a(i.x, p + 3u), load_a(i.y, p + 3u), load_a(i.z, p + 3u), load_a(i.w, p + 3u)),
  );
}

// The 4x4 tile of op(b): rows p..p+3 (all < k), columns j (clamped).
fn tile_b(j: vec4u, j0: u32, p: u32) -> mat4x4f {
  if (VEC_B) {
    if (TRANS_B) {
      let k4 = P.k / 4u;
      let q = p / 4u;
      return mat4x4f(b4[j.x * k4 + q], b4[j.y * k4 + q], b4[j.z * k4 + q], b4[j.w * k4 + q]);
    }
    let n4 = P.n / 4u;
    let c = j0 / 4u;
    return transpose(mat4x4f(b4[p * n4 + c], b4[(p + 1u) * n4 + c], b4[(p + 2u) * n4 + c], b4[(p + 3u) * n4 + c]));
  }
  return mat4x4f(
    vec4f(load_b(p, j.x), load_b(p + 1u, j.x), load_b(p + 2u, j.x), load_b(p + 3u, j.x)),
    vec4f(load_b(p, j.y), load_b(p + 1u, j.y), load_b(p + 2u, j.y), load_b(p + 3u, j.y)),
    vec4f(load_b(p, j.z), load_b(p + 1u, j.z), load_b(p + 2u, j.z), load_b(p + 3u, j.z)),
    vec4f(load_b(p, j.w), load_b(p + 1u, j.w), load_b(p + 2u, j.w), load_b(p + 3u, j.w)),
  );
}

fn store_row(base: u32, i: u32, j0: u32, v: vec4f) {
  if (i >= P.m) {
    return;
  }
  let o = base + i * P.n + j0;
  out[o] = v.x;
  if (j0 + 1u < P.n) { out[o + 1u] = v.y; }
  if (j0 + 2u < P.n) { out[o + 2u] = v.z; }
  if (j0 + 3u < P.n) { out[o + 3u] = v.w; }
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let items = P.row_blocks * P.col_blocks * P.chunks;
  let stride = nwg.x * 64u;
  for (var w = gid.x; w < items; w += stride) {
    let item = split_k_item(w, P.row_blocks, P.col_blocks);
    let chunk = item.x;
    let i0 = item.y * 4u;
    let j0 = item.z * 4u;
    let mm = P.m - 1u;
    let nn = P.n - 1u;
    let i = vec4u(i0, min(i0 + 1u, mm), min(i0 + 2u, mm), min(i0 + 3u, mm));
    let j = vec4u(j0, min(j0 + 1u, nn), min(j0 + 2u, nn), min(j0 + 3u, nn));
    let p0 = chunk * P.k_chunk;
    let p1 = min(P.k, p0 + P.k_chunk);
    let p4 = p0 + ((p1 - p0) / 4u) * 4u;
    // acc[c] is column c of the block: rows i0..i0+3 of output column j0 + c.
    var acc = mat4x4f();
    for (var p = p0; p < p4; p += 4u) {
      acc += tile_a(i, i0, p) * tile_b(j, j0, p);
    }
    for (var p = p4; p < p1; p++) {
      let av = vec4f(load_a(i.x, p), load_a(i.y, p), load_a(i.z, p), load_a(i.w, p));
      acc += mat4x4f(av * load_b(p, j.x), av * load_b(p, j.y), av * load_b(p, j.z), av * load_b(p, j.w));
    }
    let rows = transpose(acc);
    let base = chunk * P.m * P.n;
    store_row(base, i0, j0, rows[0]);
    store_row(base, i0 + 1u, j0, rows[1]);
    store_row(base, i0 + 2u, j0, rows[2]);
    store_row(base, i0 + 3u, j0, rows[3]);
  }
}
