import { describe, expect, it, vi } from 'vitest';
import type { FloatDType, Tensor } from './tensor';
import * as E from './ops';
import { cpu } from './cpu/backend';
import { loadedWasmKernels } from './cpu/wasm';
import { foldIn, key, normal, split } from './random';
import { StepKey } from './stepKey';
import { RecordedStep } from './replay';
import { valueAndGrad } from './grad';
import { adamApply, adamHyper, adamInit } from './optim/adam';
import type { SvgpParams } from './models/svgp';
import { generateSvgpData, initSvgpParams, svgpNegativeElbo } from './models/svgp';
import { SvgpRun } from './models/svgpRun';
import { GammaRun } from './models/gammaRun';
import { generateGammaData } from './models/gamma';
import { BnnRun } from './models/bnnRun';
import { splitTrainValTest, twoMoons } from './data/twoMoons';

/** Bit patterns of the values, so that -0, NaN payloads and the last bit all count. */
function bits(values: ArrayLike<number>): string {
  return Array.from(Float64Array.from(values), (v) => {
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, v);
    return b.getBigUint64(0).toString(16);
  }).join(',');
}

function paramBits(params: Record<string, Tensor>): string {
  return Object.entries(params)
    .map(([k, t]) => `${k}:${bits(t.dataSync())}`)
    .join(';');
}

describe('recorded steps replay exactly what the step computes', () => {
  for (const dtype of ['f64', 'f32'] as FloatDType[]) {
    for (const batch of [null, 64]) {
      it(`SVGP, ${dtype}, ${batch === null ? 'full batch' : `mini-batches of ${batch}`}: losses and parameters bit for bit over 40 steps`, () => {
        const data = generateSvgpData(600, 3);
        const runs = [true, false].map((replay) => new SvgpRun({ data, batch, m: 12, dtype, replay, seed: 5 }));
        for (let t = 0; t < 40; t++) {
          const [a, b] = runs.map((r) => r.step().item());
          expect(bits([a]), `step ${t}`).toBe(bits([b]));
        }
        expect(paramBits(runs[0].params)).toBe(paramBits(runs[1].params));
        // The replayed run did replay (and so recorded its step once).
        expect((runs[0] as unknown as { adam: { recorded: RecordedStep<never, never> } }).adam.recorded.calls).toBeGreaterThan(50);
        for (const r of runs) r.dispose();
      });
    }

    it(`gamma, ${dtype}, 10 particles: losses and parameters bit for bit over 60 steps`, () => {
      const data = generateGammaData(300, 2, key(4));
      const runs = [true, false].map((replay) => new GammaRun({ data, key: key(9), particles: 10, dtype, replay }));
      for (let t = 0; t < 60; t++) {
        const [a, b] = runs.map((r) => r.step().item());
        expect(bits([a]), `step ${t}`).toBe(bits([b]));
      }
      expect(paramBits(runs[0].params)).toBe(paramBits(runs[1].params));
      for (const r of runs) r.dispose();
    });
  }

  for (const dtype of ['f64', 'f32'] as FloatDType[]) {
    for (const optimizer of ['adam', 'onecycle'] as const) {
      it(`bnn, ${dtype}, ${optimizer}${optimizer === 'onecycle' ? ' with reduce-on-plateau' : ''}: figures and parameters bit for bit over 250 steps`, () => {
        const { train, val } = splitTrainValTest(twoMoons(400, 0.25, key(1)), key(2));
        // A short one-cycle schedule changes the learning rate at every step; reduce-on-plateau reads each loss between the two parts.
        const runs = [true, false].map((replay) => new BnnRun({ train, val, key: key(3), optimizer, scheduleSteps: 250, patience: 0, dtype, replay }));
        for (let t = 0; t < 250; t++) {
          const [a, b] = runs.map((r) => r.stepSync());
          expect(bits([a.trainLoss, a.valLoss, a.trainNll, a.valNll, a.learningRate]), `step ${t}`).toBe(bits([b.trainLoss, b.valLoss, b.trainNll, b.valNll, b.learningRate]));
        }
        expect(paramBits(runs[0].params)).toBe(paramBits(runs[1].params));
        for (const r of runs) r.dispose();
      });
    }
  }

  it('a replayed step makes no tensor and takes no memory', () => {
    // The SVGP step on mini-batches, as SvgpRun records it.
    const data = generateSvgpData(300, 1);
    const x = E.tensor(data.x, [300, 2]);
    const y = E.tensor(data.y, [300]);
    const stepKey = new StepKey();
    const hyper = adamHyper({ learningRate: 0.01 }, 0);
    const lossAndGrad = valueAndGrad(svgpNegativeElbo);
    const step = new RecordedStep(
      cpu,
      (s: { params: SvgpParams; m: SvgpParams; v: SvgpParams }) => {
        const idx = cpu.randint(stepKey, [50], 0, 300);
        const { value, grads } = lossAndGrad(s.params, E.gatherRows(x, idx), E.gatherRows(y, idx), 300);
        return { carry: adamApply(s.params, grads, s.m, s.v, hyper), out: { loss: value } };
      },
      { keys: [stepKey] },
    );
    const params = initSvgpParams({ m: 10 });
    const { m, v } = adamInit(params);
    let state = { params, m, v };
    const run = (t: number) => {
      stepKey.assign(foldIn(key(0), t));
      adamHyper({ learningRate: 0.01 }, t, 1, hyper);
      const r = step.run(state);
      state = r.carry;
      return r.out.loss.item();
    };
    run(0);
    run(1);
    const wasm = loadedWasmKernels();
    const blocks = wasm?.heap.liveBlocks;
    const before = E.scalar(0).id;
    for (let t = 2; t < 7; t++) run(t);
    // Tensor ids count every tensor made: only the probe after the steps is new.
    expect(E.scalar(0).id).toBe(before + 1);
    expect(wasm?.heap.liveBlocks).toBe(blocks);
    step.dispose();
  });

  it('records correctly when every allocation moves the kernels\' memory (kernels take their arrays after their outputs)', () => {
    const wasm = loadedWasmKernels();
    if (!wasm) throw new Error('the WebAssembly kernels are not loaded');
    const alloc = wasm.heap.alloc.bind(wasm.heap);
    // Growing detaches every typed array over the memory: a kernel holding one across an allocation would read zeros.
    const spy = vi.spyOn(wasm.heap, 'alloc').mockImplementation((bytes: number) => {
      wasm.memory.grow(1);
      return alloc(bytes);
    });
    try {
      const data = generateSvgpData(300, 2);
      const runs = [true, false].map((replay) => new SvgpRun({ data, batch: 40, m: 8, replay }));
      for (let t = 0; t < 5; t++) {
        const [a, b] = runs.map((r) => r.step().item());
        expect(bits([a]), `step ${t}`).toBe(bits([b]));
      }
      expect(paramBits(runs[0].params)).toBe(paramBits(runs[1].params));
      for (const r of runs) r.dispose();
    } finally {
      spy.mockRestore();
    }
  });

  it('frees its memory when disposed', () => {
    const wasm = loadedWasmKernels();
    const blocks = wasm?.heap.liveBlocks;
    const run = new SvgpRun({ data: generateSvgpData(300, 1), batch: 50, m: 10 });
    for (let i = 0; i < 3; i++) run.step().item();
    expect(wasm?.heap.liveBlocks).toBeGreaterThan(blocks ?? 0);
    run.dispose();
    expect(wasm?.heap.liveBlocks).toBe(blocks);
  });
});

describe('step inputs', () => {
  /** A toy step: the state moves by the mean of K normal draws from keys split off the step key, scaled by a hyperparameter. */
  function toy(replay: boolean) {
    const stepKey = new StepKey();
    const hyper = adamHyper({ learningRate: 0.1 }, 0);
    const lossAndGrad = valueAndGrad((p: { x: Tensor }, k: Uint32Array) => {
      const draws = split(k, 3).map((kk) => cpu.randomNormal(kk, [4], 'f64'));
      let s = E.sum(E.mul(p.x, draws[0]));
      for (const d of draws.slice(1)) s = E.add(s, E.sum(E.square(E.sub(p.x, d))));
      return s;
    });
    const step = new RecordedStep(
      cpu,
      (state: { params: { x: Tensor }; m: { x: Tensor }; v: { x: Tensor } }) => {
        const { value, grads } = lossAndGrad(state.params, stepKey);
        return { carry: adamApply(state.params, grads, state.m, state.v, hyper), out: { loss: value } };
      },
      { keys: [stepKey], replay },
    );
    const params = { x: E.tensor([0.5, -1, 2, 0]) };
    const { m, v } = adamInit(params);
    let state = { params, m, v };
    const losses: number[] = [];
    for (let t = 0; t < 25; t++) {
      stepKey.assign(foldIn(key(1), t));
      adamHyper({ learningRate: (t % 7) * 0.01 + 0.01 }, t, 1, hyper);
      const r = step.run({ params: state.params, m: state.m, v: state.v });
      state = { params: r.carry.params, m: r.carry.m, v: r.carry.v };
      losses.push(r.out.loss.item());
    }
    return { losses, x: state.params.x.dataSync() };
  }

  it('keys split from the step key, the step count and a scheduled learning rate are read afresh at every replay', () => {
    const a = toy(true);
    const b = toy(false);
    expect(bits(a.losses)).toBe(bits(b.losses));
    expect(bits(a.x)).toBe(bits(b.x));
    // Not constant: the draws changed from step to step.
    expect(new Set(a.losses).size).toBe(a.losses.length);
  });

  it('calls that are one WebAssembly kernel replay as that kernel alone, beside calls the TypeScript loops compute', () => {
    const data = E.tensor(Array.from({ length: 24 }, (_, i) => Math.sin(i)), [3, 2, 4]);
    const w = E.tensor(Array.from({ length: 12 }, (_, i) => Math.cos(i)), [4, 3]);
    const run = (replay: boolean) => {
      const step = new RecordedStep(
        cpu,
        (s: { x: Tensor }) => {
          // Rank 2 and under: WebAssembly (binary with broadcasting, map, sums, product, transpose, expand).
          const h = E.tanh(E.add(E.matmul(E.reshape(s.x, [2, 4]), w), E.tensor([0.1, -0.2, 0.3])));
          const t = E.transpose(E.mul(h, E.sum(h, 0)));
          const wide = cpu.expand(E.reshape(E.sum(t, 1), [3, 1]), [3, 5]);
          // Rank 3 broadcasting and a max: the TypeScript loops.
          const r3 = E.max(E.mul(data, E.reshape(s.x, [1, 2, 4])));
          const next = E.add(s.x, E.mul(E.add(E.sum(wide), r3), 0.01));
          return { carry: { x: next }, out: { loss: E.sum(t) } };
        },
        { replay },
      );
      let state = { x: E.tensor([0.5, -1, 2, 0, 1, 1.5, -0.5, 0.25]) };
      const losses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = step.run(state);
        state = r.carry;
        losses.push(r.out.loss.item());
      }
      return { losses, x: state.x.dataSync(), direct: step.directCalls, calls: step.calls };
    };
    const a = run(true);
    const b = run(false);
    expect(bits(a.losses)).toBe(bits(b.losses));
    expect(bits(a.x)).toBe(bits(b.x));
    expect(new Set(a.losses).size).toBe(a.losses.length);
    // Both kinds were recorded: kernels replayed alone, and calls replayed whole.
    expect(a.direct).toBeGreaterThan(5);
    expect(a.calls).toBeGreaterThan(a.direct);
  });

  it('refuses to read a value back while recording, and host draws from a step key', () => {
    const k = new StepKey().assign(key(3));
    const reads = new RecordedStep(cpu, (s: { x: Tensor }) => ({ carry: { x: E.mul(s.x, s.x.item()) }, out: {} }));
    expect(() => reads.run({ x: E.tensor([2]) })).toThrow(/cannot read a value back/);
    expect(() => normal(k, 3)).toThrow(/step key feeds the random kernels/);
    expect(() => normal(split(k, 2)[1], 3)).toThrow(/step key feeds the random kernels/);
  });
});
