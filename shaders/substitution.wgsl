// Triangular substitution for one column of unknowns, in place, for kernels that solve many
// columns at once (one invocation per column, no barriers). The including shader supplies
//   fn tri(r: u32, p: u32) -> f32        element (r, p) of the triangular matrix, n x n
//   fn col_get(r: u32, c: u32) -> f32    entry r of column c (the right-hand side, then x)
//   fn col_set(r: u32, c: u32, v: f32)
// Right-looking and blocked by four pivots: once x_i .. x_i+3 are known, every remaining row is
// updated with all four at once, so each load and store of the column serves four
// multiply-adds (on software GPUs this halves the time of the plain loop).

// Lower-triangular tri: rows 0, 1, ... in turn.
fn forward_substitute(c: u32, n: u32) {
  var i = 0u;
  for (; i + 4u <= n; i += 4u) {
    // The 4 x 4 diagonal block, then the rows below.
    let x0 = col_get(i, c) / tri(i, i);
    let x1 = (col_get(i + 1u, c) - tri(i + 1u, i) * x0) / tri(i + 1u, i + 1u);
    let x2 = (col_get(i + 2u, c) - tri(i + 2u, i) * x0 - tri(i + 2u, i + 1u) * x1) / tri(i + 2u, i + 2u);
    let x3 = (col_get(i + 3u, c) - tri(i + 3u, i) * x0 - tri(i + 3u, i + 1u) * x1 - tri(i + 3u, i + 2u) * x2) / tri(i + 3u, i + 3u);
    col_set(i, c, x0);
    col_set(i + 1u, c, x1);
    col_set(i + 2u, c, x2);
    col_set(i + 3u, c, x3);
    for (var r = i + 4u; r < n; r++) {
      col_set(r, c, col_get(r, c) - (tri(r, i) * x0 + tri(r, i + 1u) * x1 + tri(r, i + 2u) * x2 + tri(r, i + 3u) * x3));
    }
  }
  // The last n mod 4 pivots have no rows below them outside their own block.
  for (; i < n; i++) {
    var s = col_get(i, c);
    for (var p = (n / 4u) * 4u; p < i; p++) {
      s -= tri(i, p) * col_get(p, c);
    }
    col_set(i, c, s / tri(i, i));
  }
}

// Upper-triangular tri: rows n - 1, n - 2, ... in turn.
fn back_substitute(c: u32, n: u32) {
  var top = n;
  for (; top >= 4u; top -= 4u) {
    let i = top - 1u;
    let x0 = col_get(i, c) / tri(i, i);
    let x1 = (col_get(i - 1u, c) - tri(i - 1u, i) * x0) / tri(i - 1u, i - 1u);
    let x2 = (col_get(i - 2u, c) - tri(i - 2u, i) * x0 - tri(i - 2u, i - 1u) * x1) / tri(i - 2u, i - 2u);
    let x3 = (col_get(i - 3u, c) - tri(i - 3u, i) * x0 - tri(i - 3u, i - 1u) * x1 - tri(i - 3u, i - 2u) * x2) / tri(i - 3u, i - 3u);
    col_set(i, c, x0);
    col_set(i - 1u, c, x1);
    col_set(i - 2u, c, x2);
    col_set(i - 3u, c, x3);
    for (var r = 0u; r + 3u < i; r++) {
      col_set(r, c, col_get(r, c) - (tri(r, i) * x0 + tri(r, i - 1u) * x1 + tri(r, i - 2u) * x2 + tri(r, i - 3u) * x3));
    }
  }
  // The first n mod 4 rows: the updates from the pivots above them are already applied.
  for (var j = top; j > 0u; j--) {
    let i = j - 1u;
    var s = col_get(i, c);
    for (var p = i + 1u; p < top; p++) {
      s -= tri(i, p) * col_get(p, c);
    }
    col_set(i, c, s / tri(i, i));
  }
}
