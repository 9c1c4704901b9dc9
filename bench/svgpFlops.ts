/**
 * Floating-point operations of one SVGP training step as the engine computes it (forward and
 * backward), counting a multiply-add as 2 and exp as 1. With M inducing inputs, batch B, D = 2:
 *
 *   B-dependent:  K_zx and its backward ~ (7D + 7) M B,  Psi1 = K_zx y: 2 M B,
 *                 Psi2 = K_zx K_xz (symmetric half): M^2 B,  its backward (G + G^T) K_zx: 2 M^2 B
 *   M^3 work:     Cholesky M^3/3 and its backward (Murray 2016) 4 M^3, the two M x M triangular
 *                 solves for P = L^-1 Psi2 L^-T 2 M^3 and their backward 6 M^3, S S^T and its
 *                 backward 6 M^3
 *
 * Total ≈ 3 M^2 B + (7D + 9) M B + 18.3 M^3. The O(M^2) vector terms are left out.
 */
export function svgpStepFlops(m: number, b: number, d = 2): number {
  return 3 * m * m * b + (7 * d + 9) * m * b + (1 / 3 + 4 + 2 + 6 + 6) * m * m * m;
}
