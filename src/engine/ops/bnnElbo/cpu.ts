/**
 * The Bayesian network's ELBO terms on the cpu: the reference kernel (TypeScript), and the part
 * that the WebAssembly kernel shares with it (the guide and the prior: D numbers per draw).
 */
import type { Tensor, TypedArray } from '../../tensor';
import type { CpuKernelApi } from '../../cpu/kernelApi';
import * as fastMath from '../../cpu/fastMath';
import type { BnnElboGrads } from './bnnElbo';
import { bnnParameterCount } from './layout';

// Bound once here: under tsx an imported function is reached through a getter at every call,
// which costs as much as the function itself (see fastMath.ts); these loops run at every step.
const { expNonPositive, sigmoid, softplus, tanh, tanhInPlace } = fastMath;

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const LOG_2_OVER_PI = Math.log(2 / Math.PI);

/**
 * For K draws: z_k = loc + softplus(rawScale) eps_k into z [K,D]; the columns 1 (log prior) and
 * 2 (log q) of terms [K,3]; and, when asked, the gradients of those two terms with respect to
 * loc and rawScale into dLoc, dRaw [K,3,D] (rows c = 1, 2). Prior: SoftLaplace(0, 1) on the
 * weights, log p(w) = log(2/pi) - log(2 cosh w), d/dw = -tanh w; Normal(0, 1) on the biases,
 * log p(b) = -b^2/2 - log(2 pi)/2, d/db = -b. Guide: log q = -sum log s - D log(2 pi)/2 -
 * sum eps^2 / 2, d/drawScale = -sigmoid(rawScale) / s; z's gradient reaches rawScale through
 * dz/drawScale = eps sigmoid(rawScale). `scales` [2,D] (float64) receives softplus(rawScale)
 * and, with gradients, sigmoid(rawScale), each evaluated once for all draws; bnnLikelihoodRawGradInto
 * reads the second row.
 */
export function bnnGuideAndPriorInto(
  loc: TypedArray,
  raw: TypedArray,
  eps: TypedArray,
  widths: readonly number[],
  k: number,
  z: TypedArray,
  terms: TypedArray,
  dLoc: TypedArray | null,
  dRaw: TypedArray | null,
  scales: Float64Array,
): void {
  const d = loc.length;
  const withGrad = dLoc !== null && dRaw !== null;
  for (let i = 0; i < d; i++) {
    scales[i] = softplus(raw[i]);
    if (withGrad) scales[d + i] = sigmoid(raw[i]);
  }
  for (let p = 0; p < k; p++) {
    const e = p * d;
    let sumLogS = 0;
    let sumEps2 = 0;
    for (let i = 0; i < d; i++) {
      const s = scales[i];
      z[e + i] = loc[i] + s * eps[e + i];
      sumLogS += Math.log(s);
      sumEps2 += eps[e + i] * eps[e + i];
    }
    terms[3 * p + 2] = -sumLogS - d * HALF_LOG_2PI - 0.5 * sumEps2;
    let prior = 0;
    let o = 0;
    for (let l = 1; l < widths.length; l++) {
      const nw = widths[l - 1] * widths[l];
      let sw = 0;
      for (let i = o; i < o + nw; i++) {
        const w = z[e + i];
        const a = w < 0 ? -w : w;
        // log(2 cosh w) = |w| + log1p(e^{-2|w|})
        sw += LOG_2_OVER_PI - (a + Math.log1p(expNonPositive(-2 * a)));
      }
      o += nw;
      let sb = 0;
      for (let i = o; i < o + widths[l]; i++) sb += -0.5 * z[e + i] * z[e + i] - HALF_LOG_2PI;
      o += widths[l];
      prior += sw + sb;
    }
    terms[3 * p + 1] = prior;
    if (dLoc === null || dRaw === null) continue;
    const g1 = (3 * p + 1) * d;
    const g2 = (3 * p + 2) * d;
    o = 0;
    for (let l = 1; l < widths.length; l++) {
      const nw = widths[l - 1] * widths[l];
      for (let i = o; i < o + nw; i++) dLoc[g1 + i] = -tanh(z[e + i]);
      o += nw;
      for (let i = o; i < o + widths[l]; i++) dLoc[g1 + i] = -z[e + i];
      o += widths[l];
    }
    for (let i = 0; i < d; i++) {
      const sg = scales[d + i];
      dRaw[g1 + i] = dLoc[g1 + i] * eps[e + i] * sg;
      dLoc[g2 + i] = 0;
      dRaw[g2 + i] = -sg / scales[i];
    }
  }
}

/** Row 0 of dRaw [K,3,D] from row 0 of dLoc (the likelihood's dz): dz eps sigmoid(rawScale), sigmoid(rawScale) from row 1 of `scales` (bnnGuideAndPriorInto). */
export function bnnLikelihoodRawGradInto(scales: Float64Array, eps: TypedArray, k: number, dLoc: TypedArray, dRaw: TypedArray): void {
  const d = scales.length / 2;
  for (let p = 0; p < k; p++) {
    const g0 = 3 * p * d;
    for (let i = 0; i < d; i++) dRaw[g0 + i] = dLoc[g0 + i] * eps[p * d + i] * scales[d + i];
  }
}

/**
 * The likelihood of an MLP with tanh hidden layers and one logit output, for K weight vectors
 * z [K,D] (per layer: w [d_{l-1}, d_l] row-major, then b [d_l]) over data x [n, d_0], y [n]:
 * terms[3p] = sum_i y_i l_i - softplus(l_i), and, unless dz is null, its gradient with respect to
 * z_p into dz[3pD..3pD+D) (backpropagation, layer by layer over all points).
 */
export function bnnLogLikelihoodInto(z: TypedArray, x: TypedArray, y: TypedArray, n: number, widths: readonly number[], k: number, terms: TypedArray, dz: TypedArray | null): void {
  const d = bnnParameterCount(widths);
  const layers = widths.length - 1;
  // Activations of every layer for every point (layer 0 is x), row-major [n, d_l].
  const acts: Float64Array[] = [Float64Array.from(x)];
  for (let l = 1; l <= layers; l++) acts.push(new Float64Array(n * widths[l]));
  for (let p = 0; p < k; p++) {
    const zp = p * d;
    let o = 0;
    const offsets: number[] = [];
    for (let l = 1; l <= layers; l++) {
      const a = widths[l - 1];
      const b = widths[l];
      offsets.push(o);
      const h = acts[l - 1];
      const out = acts[l];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < b; j++) {
          let s = z[zp + o + a * b + j];
          for (let t = 0; t < a; t++) s += h[i * a + t] * z[zp + o + t * b + j];
          out[i * b + j] = s;
        }
      }
      if (l < layers) tanhInPlace(out, n * b);
      o += a * b + b;
    }
    const logits = acts[layers];
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const li = logits[i];
      ll += (li > 0 ? -(1 - y[i]) * li : y[i] * li) - Math.log1p(expNonPositive(li > 0 ? -li : li));
    }
    terms[3 * p] = ll;
    if (dz === null) continue;
    // delta = d ll / d pre-activation, starting at the logits: y - sigmoid(l).
    let delta = new Float64Array(n);
    for (let i = 0; i < n; i++) delta[i] = y[i] - sigmoid(logits[i]);
    const g = 3 * p * d;
    for (let l = layers; l >= 1; l--) {
      const a = widths[l - 1];
      const b = widths[l];
      const wo = offsets[l - 1];
      const h = acts[l - 1];
      for (let j = 0; j < b; j++) {
        let sb = 0;
        for (let i = 0; i < n; i++) sb += delta[i * b + j];
        dz[g + wo + a * b + j] = sb;
        for (let t = 0; t < a; t++) {
          let sw = 0;
          for (let i = 0; i < n; i++) sw += h[i * a + t] * delta[i * b + j];
          dz[g + wo + t * b + j] = sw;
        }
      }
      if (l === 1) break;
      const prev = new Float64Array(n * a);
      for (let i = 0; i < n; i++) {
        for (let t = 0; t < a; t++) {
          let s = 0;
          for (let j = 0; j < b; j++) s += delta[i * b + j] * z[zp + wo + t * b + j];
          const ht = h[i * a + t];
          prev[i * a + t] = s * (1 - ht * ht);
        }
      }
      delta = prev;
    }
  }
}

/** The tensors an ELBO kernel writes, for K draws eps [K,D]: terms [K,3], the draws' weights z [K,D] and, with withGrad, dLoc and dRaw [K,3,D]. */
export function bnnElboOutputs(cpu: CpuKernelApi, loc: Tensor, eps: Tensor, withGrad: boolean): BnnElboGrads & { z: Tensor; scales: Tensor } {
  const [k, d] = eps.shape;
  const terms = cpu.output([k, 3], loc.dtype);
  const z = cpu.output([k, d], loc.dtype);
  const dLoc = withGrad ? cpu.output([k, 3, d], loc.dtype) : null;
  const dRaw = withGrad ? cpu.output([k, 3, d], loc.dtype) : null;
  // Scratch for bnnGuideAndPriorInto, in float64 whatever the precision (the scales enter every term).
  const scales = cpu.output([2, d], 'f64');
  return { terms, z, dLoc, dRaw, scales };
}

/** The ELBO terms [K,3] (log-likelihood, log prior, log q per draw) and, when asked, their gradients. */
export function bnnElboCpu(cpu: CpuKernelApi, loc: Tensor, rawScale: Tensor, eps: Tensor, x: Tensor, y: Tensor, widths: readonly number[], withGrad: boolean): BnnElboGrads {
  const k = eps.shape[0];
  const { terms, z, dLoc, dRaw, scales } = bnnElboOutputs(cpu, loc, eps, withGrad);
  const rv = cpu.data(rawScale);
  const sv = cpu.data(scales) as Float64Array;
  const ev = cpu.data(eps);
  const tv = cpu.data(terms);
  const zv = cpu.data(z);
  const dl = dLoc && cpu.data(dLoc);
  const dr = dRaw && cpu.data(dRaw);
  bnnGuideAndPriorInto(cpu.data(loc), rv, ev, widths, k, zv, tv, dl, dr, sv);
  bnnLogLikelihoodInto(zv, cpu.data(x), cpu.data(y), x.shape[0], widths, k, tv, dl);
  if (dl && dr) bnnLikelihoodRawGradInto(sv, ev, k, dl, dr);
  return { terms, dLoc, dRaw };
}

/**
 * sum(g ∘ terms)'s gradients [dLoc [D], dRaw [D]] for a cotangent g [K,3], through the reference
 * kernel's own gradients (the op does not call this on the cpu, where the forward kernel hands
 * its gradients back; it is the cpu's form of the backward kernel the GPU needs).
 */
export function bnnElboBackwardCpu(cpu: CpuKernelApi, g: Tensor, loc: Tensor, rawScale: Tensor, eps: Tensor, x: Tensor, y: Tensor, widths: readonly number[]): [Tensor, Tensor] {
  const r = bnnElboCpu(cpu, loc, rawScale, eps, x, y, widths, true);
  const d = loc.size;
  const rows = 3 * eps.shape[0];
  const out = [cpu.output([d], loc.dtype), cpu.output([d], loc.dtype)] as [Tensor, Tensor];
  const gv = cpu.data(g);
  [r.dLoc, r.dRaw].forEach((grad, j) => {
    const src = cpu.data(grad as Tensor);
    const dst = cpu.data(out[j]);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let q = 0; q < rows; q++) s += gv[q] * src[q * d + i];
      dst[i] = s;
    }
  });
  return out;
}
