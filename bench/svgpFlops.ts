/**
 * Floating-point operations of one SVGP training step as the engine computes it (forward and
 * backward), counting a multiply-add as 2 and exp as 1. With M inducing inputs, batch B, D = 2:
 *
 *   B-dependent:  K_zx and its backward ~ (7D + 7) M B,  K_zx y and its backward: 4 M B,
 *                 A = L^-1 K_zx: M^2 B,  P = A A^T (symmetric half): M^2 B,
 *                 the backward of P (whitenedGram) T A: 2 M^2 B
 *   M^3 work:     Cholesky M^3/3 and its backward (Murray 2016) 4 M^3, T = L^-T (P̄ + P̄^T) M^3
 *                 and the gradient for L, tril(T P): 2 M^3, S S^T and its backward 6 M^3
 *
 * Total ≈ 4 M^2 B + (7D + 11) M B + 13.3 M^3. The O(M^2) terms are left out.
 */
export function svgpStepFlops(m: number, b: number, d = 2): number {
  return 4 * m * m * b + (7 * d + 11) * m * b + (1 / 3 + 4 + 1 + 2 + 6) * m * m * m;
}
