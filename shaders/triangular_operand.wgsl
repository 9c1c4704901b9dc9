// The triangular operand of the solves (triangular_solve.wgsl, triangular_solve_blocked.wgsl):
// T [n,n] in binding `tm`, read as op(T), lower triangular when LOWER != TRANSPOSE.

override LOWER: bool = true;
override TRANSPOSE: bool = false;
// B is given as its transpose [k,n] (a lazy transpose of a buffer is never copied).
override TRANS_RHS: bool = false;

// Element (r, p) of op(T) for T of order n (the including kernel passes its parameter n:
// snippets read no parameters of their own).
fn tri_of(r: u32, p: u32, n: u32) -> f32 {
  if (TRANSPOSE) {
    return tm[p * n + r];
  }
  return tm[r * n + p];
}
