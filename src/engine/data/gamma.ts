/**
 * Gamma-distributed data, drawn with the method of G. Marsaglia and W. W. Tsang (2000),
 * "A simple method for generating gamma variables", ACM TOMS 26(3), 363-372.
 *
 * For shape a >= 1, with d = a - 1/3 and c = 1 / sqrt(9 d): draw x ~ N(0, 1) until
 * v = (1 + c x)^3 > 0, draw u ~ U(0, 1), and accept d v when u < 1 - 0.0331 x^4 (a cheap
 * squeeze that accepts most draws) or when log u < x^2 / 2 + d (1 - v + log v) (the exact
 * test); otherwise start again. For a < 1 the paper's boost applies: if g ~ Gamma(a + 1) and
 * u ~ U(0, 1) then g u^(1/a) ~ Gamma(a), computed in log space so tiny a cannot underflow early.
 *
 * Randomness comes from the engine's Threefry generator in fixed-size chunks: chunk j uses the
 * keys split(foldIn(key, j)) for its normals and its uniforms, so the whole sequence is a pure
 * function of the key however many draws the rejections consume.
 */
import type { Key } from '../random';
import { foldIn, normal, split, uniform } from '../random';

const CHUNK = 1024;

/** An endless, reproducible stream of N(0, 1) and U(0, 1) draws from one key. */
export class RandomStream {
  private chunk = 0;
  private normals: Float64Array = new Float64Array(0);
  private uniforms: Float64Array = new Float64Array(0);
  private ni = 0;
  private ui = 0;

  constructor(private readonly key: Key) {}

  private refill(): void {
    const [kn, ku] = split(foldIn(this.key, this.chunk++));
    this.normals = normal(kn, CHUNK);
    this.uniforms = uniform(ku, CHUNK);
    this.ni = 0;
    this.ui = 0;
  }

  nextNormal(): number {
    if (this.ni >= this.normals.length) this.refill();
    return this.normals[this.ni++];
  }

  /** A uniform in (0, 1]: 1 - u for the generator's [0, 1), so its logarithm is finite. */
  nextUniform(): number {
    if (this.ui >= this.uniforms.length) this.refill();
    return 1 - this.uniforms[this.ui++];
  }
}

/** One Gamma(a, rate 1) draw for a >= 1 (Marsaglia & Tsang 2000, Sec. 3). */
function gammaAtLeastOne(a: number, s: RandomStream): number {
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = s.nextNormal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = s.nextUniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One Gamma(a, rate 1) draw from the stream, any a > 0. */
export function gammaDraw(a: number, s: RandomStream): number {
  if (a >= 1) return gammaAtLeastOne(a, s);
  const g = gammaAtLeastOne(a + 1, s);
  return Math.exp(Math.log(g) + Math.log(s.nextUniform()) / a);
}

/** n draws of Gamma(a, rate 1), reproducible from `key`. Divide by a rate to rescale. */
export function gammaSamples(key: Key, n: number, a: number): Float64Array {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`gamma concentration must be a positive finite number, got ${a}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`gamma sample size must be a non-negative integer, got ${n}`);
  const s = new RandomStream(key);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = gammaDraw(a, s);
  return out;
}
