/**
 * How many training steps to time for one figure of a size sweep, where a step costs from a
 * millisecond (N = 50) to minutes (N = 5,000 on the cpu): the first step is a warm-up (JIT
 * compilation, GPU pipelines) and is kept as the only sample when it alone exceeds the budget;
 * otherwise steps are timed until the budget or the sample cap is reached, and the median is
 * reported. Used by the synchronous loop of the command line and the asynchronous one of the
 * worker alike.
 */
export interface SamplerOptions {
  /** Milliseconds of timed steps to aim for per figure. */
  budgetMs?: number;
  minSamples?: number;
  maxSamples?: number;
}

export class StepSampler {
  private warmup: number | null = null;
  private readonly samples: number[] = [];
  private readonly budgetMs: number;
  private readonly minSamples: number;
  private readonly maxSamples: number;

  constructor(options: SamplerOptions = {}) {
    this.budgetMs = options.budgetMs ?? 1500;
    this.minSamples = options.minSamples ?? 2;
    this.maxSamples = options.maxSamples ?? 9;
  }

  /** Records the duration of one step, in ms. */
  add(ms: number): void {
    if (this.warmup === null) this.warmup = ms;
    else this.samples.push(ms);
  }

  /** True while another step should be timed. */
  wantMore(): boolean {
    if (this.warmup === null) return true;
    if (this.samples.length === 0 && this.warmup > this.budgetMs) return false;
    const total = this.samples.reduce((s, v) => s + v, 0);
    if (this.samples.length < this.minSamples) return true;
    return this.samples.length < this.maxSamples && total < this.budgetMs;
  }

  /** Milliseconds per step: the median of the timed steps, or the warm-up step alone. */
  msPerStep(): number {
    if (this.samples.length === 0) {
      if (this.warmup === null) throw new Error('StepSampler: no step was timed');
      return this.warmup;
    }
    const s = [...this.samples].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }
}
