/** The flat parameter vector of the Bayesian network: per layer l, w_l [d_{l-1}, d_l] row-major, then b_l [d_l]. */

/** D, the number of weights and biases of an MLP with layer widths d_0, ..., d_L. */
export function bnnParameterCount(widths: readonly number[]): number {
  let d = 0;
  for (let l = 1; l < widths.length; l++) d += widths[l - 1] * widths[l] + widths[l];
  return d;
}
