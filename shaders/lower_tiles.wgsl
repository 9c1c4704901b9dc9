// Work items over the lower triangle of a grid of t x t tiles (cholesky_blocked.wgsl,
// cholesky_inverse.wgsl): item w is the tile (row bi, column bk) with bk <= bi, numbered row by
// row, w = bi (bi + 1) / 2 + bk, so no invocation is spent on the upper triangle. The row comes
// from the inverse of the triangular numbers, in float32 (exact for w below 2^24) and then
// corrected by one step either way.
fn lower_tile(w: u32) -> vec2u {
  var bi = u32((sqrt(8.0 * f32(w) + 1.0) - 1.0) * 0.5);
  if ((bi + 1u) * (bi + 2u) / 2u <= w) {
    bi += 1u;
  }
  if (bi * (bi + 1u) / 2u > w) {
    bi -= 1u;
  }
  return vec2u(bi, w - bi * (bi + 1u) / 2u);
}

// Rows r0 .. r0 + 3, clamped to the last row so loads stay in bounds (the stores drop them).
fn tile_rows(r0: u32, last: u32) -> vec4u {
  return vec4u(r0, min(r0 + 1u, last), min(r0 + 2u, last), min(r0 + 3u, last));
}
