/**
 * `npm run bench:wasm [-- --json] [-- --dtype f64|f32] [-- --kernel NAME] [-- --quick]
 * [-- --compare OLD.wasm [-- --rounds R]]`: each
 * WebAssembly kernel (or only those named NAME) against its TypeScript counterpart at the
 * notebooks' sizes (SVGP: M = 50 inducing points, 2-D inputs, B = 200 and 10,000; BNN: a 2-4-3-1
 * network over 1,000 points, and its whole likelihood over 980 and 420 points), median of several
 * samples of CPU time after a warm-up, with GFLOP/s and the fraction of one core's SIMD peak.
 *
 * Peak: the kernels run on one core (no threads) with 128-bit vectors and no fused multiply-add
 * (WebAssembly SIMD has none outside relaxed SIMD). An AVX2-class core (AMD Zen 2/3, Intel
 * Skylake) issues two vector multiplies and two vector adds per cycle, so one core peaks at
 * 2 x 2 x 2 = 8 float64 flops per cycle (16 in float32) at the clock read from /proc/cpuinfo.
 * (Two cores with 256-bit FMA would be 4 times that: the ceiling of native code, not ours.)
 * GFLOP/s counts the arithmetic of the mathematical operation (exp, tanh and log1p as one flop
 * each), so for the elementwise and RBF kernels the time per element is the meaningful figure.
 *
 * --compare OLD.wasm times the WebAssembly side only, the current build against another build of
 * the module (a copy of src/engine/wasm/generated/kernels.wasm kept from before a change), the two
 * alternating over R rounds (default 5) so that a shared machine's load falls on both alike, and
 * prints the median of each and their ratio.
 */
import { readFileSync } from 'node:fs';
import type { TypedArray } from '../src/engine/tensor';
import type { WasmDType, WasmKernelSet, WasmKernels } from '../src/engine/wasm/kernels';
import { instantiateWasmKernels, loadWasmKernels, wasmKernelBytes } from '../src/engine/wasm/kernels';
import { matmulInto } from '../src/engine/ops/matmul/cpu';
import { choleskyBackwardInto, choleskyInto } from '../src/engine/ops/cholesky/cpu';
import { triangularSolveInto } from '../src/engine/ops/triangularSolve/cpu';
import { weightedGramInto } from '../src/engine/ops/gram/cpu';
import { rbfBackwardInto, rbfInto } from '../src/engine/ops/rbf/cpu';
import { bernoulliLogitsBackwardInto, bernoulliLogitsInto } from '../src/engine/ops/bernoulliLogits/cpu';
import { denseBackwardInto, denseInto } from '../src/engine/ops/dense/cpu';
import { adamInto } from '../src/engine/ops/adamStep/cpu';
import { bnnLogLikelihoodInto } from '../src/engine/ops/bnnElbo/cpu';
import { bnnParameterCount } from '../src/engine/ops/bnnElbo/layout';
import { unaryInto } from '../src/engine/cpu/elementwise';
import { randomSpdValues, randomValues } from '../src/engine/testing/fixtures';
import { median } from './stats';

interface Case {
  name: string;
  shape: string;
  /** Arithmetic of one call (see the header). */
  flops: number;
  /** Elements of the output, for the per-element time. */
  elements: number;
  ts: () => void;
  wasm: () => void;
}

interface Row {
  dtype: WasmDType;
  name: string;
  shape: string;
  tsMicroseconds: number;
  wasmMicroseconds: number;
  speedup: number;
  wasmGflops: number;
  fractionOfPeak: number;
  wasmNsPerElement: number;
}

/**
 * CPU time of this process in ms (user + system): unlike the wall clock it does not count the
 * time other processes hold the core, so timings hold on a shared, loaded machine.
 */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Median over samples of the CPU time per call, each sample long enough to time reliably, in µs. */
function timeMicroseconds(fn: () => void, quick: boolean): number {
  // Warm up (V8 compiles WebAssembly in tiers and JavaScript in tiers too), then calibrate.
  const warmEnd = cpuMs() + (quick ? 30 : 150);
  let calls = 0;
  while (cpuMs() < warmEnd || calls < 3) {
    fn();
    calls++;
  }
  const perCall = (quick ? 30 : 150) / calls;
  const repeat = Math.max(1, Math.round((quick ? 3 : 10) / Math.max(perCall, 1e-4)));
  const times: number[] = [];
  for (let s = 0; s < (quick ? 3 : 9); s++) {
    const t0 = cpuMs();
    for (let r = 0; r < repeat; r++) fn();
    times.push(((cpuMs() - t0) / repeat) * 1000);
  }
  return median(times);
}

function clockGHz(): number {
  try {
    const m = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return Number(m[1]) / 1000;
  } catch {
    // not Linux
  }
  return 2.45;
}

function array(dtype: WasmDType, values: ArrayLike<number>): Float64Array | Float32Array {
  return dtype === 'f64' ? Float64Array.from(values) : Float32Array.from(values);
}

function empty(dtype: WasmDType, n: number): Float64Array | Float32Array {
  return dtype === 'f64' ? new Float64Array(n) : new Float32Array(n);
}

/** The notebooks' kernel calls for one dtype, each with its inputs in JavaScript arrays and in the arena. */
function cases(k: WasmKernels, dtype: WasmDType): Case[] {
  const w: WasmKernelSet = k.kernels(dtype);
  const put = (values: ArrayLike<number>) => k.put(dtype, values);
  const room = (n: number) => k.allocArray(dtype, n);
  const out: Case[] = [];
  const M = 50;
  const D = 2;
  const z = array(dtype, randomValues(M * D, 1, -1.3, 1.3));
  const lengthscale = 0.5;
  const variance = 1.2;
  /** The forward RBF case: k [rows,cols] from a [rows,D], b [cols,D], into tsOut (TypeScript) and pOut (WebAssembly). */
  const rbfCase = (shape: string, a: TypedArray, pa: number, b: TypedArray, pb: number, rows: number, cols: number, tsOut: TypedArray, pOut: number): Case => ({
    name: 'rbf',
    shape,
    flops: rows * cols * (3 * D + 3),
    elements: rows * cols,
    ts: () => rbfInto(a, b, tsOut, rows, cols, D, variance, lengthscale),
    wasm: () => w.rbf(pa, pb, pOut, rows, cols, D, variance, lengthscale),
  });

  for (const B of [200, 10000]) {
    const x = array(dtype, randomValues(B * D, 2, -1.5, 1.5));
    const kzx = empty(dtype, M * B);
    rbfInto(z, x, kzx, M, B, D, variance, lengthscale);
    const g = array(dtype, randomValues(M * B, 3));
    const [pz, px, pk, pg] = [put(z), put(x), put(kzx), put(g)];
    const pOut = room(M * B);
    const dA = empty(dtype, M * D);
    const dB = empty(dtype, B * D);
    const [pdA, pdB, pSums] = [room(M * D), room(B * D), room(2)];
    out.push(rbfCase(`K_zx ${M}x${B}, d=${D}`, z, pz, x, px, M, B, kzx, pOut));
    out.push({
      name: 'rbfBackward',
      shape: `K_zx ${M}x${B}, d=${D}`,
      flops: M * B * (6 * D + 4),
      elements: M * B,
      ts: () => rbfBackwardInto(z, x, kzx, g, M, B, D, lengthscale, dA, dB),
      wasm: () => w.rbfBackward(pz, px, pk, pg, M, B, D, lengthscale, pdA, pdB, pSums),
    });

    const l = empty(dtype, M * M);
    choleskyInto(array(dtype, randomSpdValues(M, 4)), l, M);
    const pl = put(l);
    const aSolved = empty(dtype, M * B);
    const pA = room(M * B);
    out.push({
      name: 'triangularSolve',
      shape: `L^-1 K_zx, ${M}x${M} \\ ${M}x${B}`,
      flops: M * M * B,
      elements: M * B,
      ts: () => triangularSolveInto(l, kzx, aSolved, M, B, true, false),
      wasm: () => w.triangularSolve(pl, pk, pA, M, B, true, false),
    });

    const ones = array(dtype, new Float64Array(B).fill(1));
    const pOnes = put(ones);
    const gram = empty(dtype, M * M);
    const pGram = room(M * M);
    out.push({
      name: 'weightedGram',
      shape: `A A^T, A ${M}x${B}`,
      flops: M * (M + 1) * B + M * B,
      elements: M * M,
      ts: () => weightedGramInto(kzx, ones, gram, M, B),
      wasm: () => w.weightedGram(pk, pOnes, pGram, M, B),
    });

    const t = array(dtype, randomValues(M * M, 5));
    const pt = put(t);
    const prod = empty(dtype, M * B);
    out.push({
      name: 'matmul',
      shape: `T A, ${M}x${M} . ${M}x${B}`,
      flops: 2 * M * M * B,
      elements: M * B,
      ts: () => matmulInto(t, kzx, prod, M, M, B, false, false),
      wasm: () => w.matmul(pt, pk, pOut, M, M, B, false, false),
    });
    const y = array(dtype, randomValues(B, 6));
    const py = put(y);
    const r = empty(dtype, M);
    const pr = room(M);
    out.push({
      name: 'matmul',
      shape: `K_zx y, ${M}x${B} . ${B}x1`,
      flops: 2 * M * B,
      elements: M,
      ts: () => matmulInto(kzx, y, r, M, B, 1, false, false),
      wasm: () => w.matmul(pk, py, pr, M, B, 1, false, false),
    });
    const gr = array(dtype, randomValues(M, 7));
    const pgr = put(gr);
    out.push({
      name: 'matmul',
      shape: `g y^T, ${M}x1 . (${B}x1)^T`,
      flops: 2 * M * B,
      elements: M * B,
      ts: () => matmulInto(gr, y, prod, M, 1, B, false, true),
      wasm: () => w.matmul(pgr, py, pOut, M, 1, B, false, true),
    });
  }

  // The M x M work of every SVGP step.
  const kzz = array(dtype, randomSpdValues(M, 8));
  const pkzz = put(kzz);
  const l = empty(dtype, M * M);
  const pl = room(M * M);
  out.push({
    name: 'cholesky',
    shape: `${M}x${M} + 1e-4 I`,
    flops: (M * M * M) / 3,
    elements: M * M,
    ts: () => choleskyInto(kzz, l, M, 1e-4),
    wasm: () => w.cholesky(pkzz, pl, M, 1e-4),
  });
  choleskyInto(kzz, l, M, 1e-4);
  k.write(dtype, pl, l);
  const lBar = array(dtype, randomValues(M * M, 9));
  const plBar = put(lBar);
  const aBar = empty(dtype, M * M);
  const paBar = room(M * M);
  const work = room(M * M);
  out.push({
    name: 'choleskyBackward',
    shape: `${M}x${M}`,
    flops: (7 * M * M * M) / 3,
    elements: M * M,
    ts: () => choleskyBackwardInto(l, lBar, aBar, M),
    wasm: () => w.choleskyBackward(pl, plBar, paBar, M, work),
  });
  const sol = empty(dtype, M * M);
  out.push({
    name: 'triangularSolve',
    shape: `L^-T G, ${M}x${M} \\ ${M}x${M}`,
    flops: M * M * M,
    elements: M * M,
    ts: () => triangularSolveInto(l, lBar, sol, M, M, true, true),
    wasm: () => w.triangularSolve(pl, plBar, paBar, M, M, true, true),
  });
  out.push({
    name: 'matmul',
    shape: `S S^T, ${M}x${M} . (${M}x${M})^T`,
    flops: 2 * M * M * M,
    elements: M * M,
    ts: () => matmulInto(lBar, lBar, sol, M, M, M, false, true),
    wasm: () => w.matmul(plBar, plBar, paBar, M, M, M, false, true),
  });
  const zz = empty(dtype, M * M);
  const pzz = put(z);
  out.push(rbfCase(`K_zz ${M}x${M}, d=${D}`, z, pzz, z, pzz, M, M, zz, paBar));

  // The BNN: 2-4-3-1 over 1,000 points, tanh hidden layers, Bernoulli logits.
  const N = 1000;
  const widths = [2, 4, 3, 1];
  const xs = array(dtype, randomValues(N * 2, 10, -2, 2));
  let h = xs;
  let ph = put(xs);
  for (let layer = 1; layer < widths.length; layer++) {
    const [kk, m] = [widths[layer - 1], widths[layer]];
    const tanh = layer < widths.length - 1;
    const wl = array(dtype, randomValues(kk * m, 20 + layer));
    const bl = array(dtype, randomValues(m, 30 + layer));
    const o = empty(dtype, N * m);
    denseInto(h, wl, bl, o, N, kk, m, tanh ? 'tanh' : 'linear');
    const [pw, pb, po] = [put(wl), put(bl), put(o)];
    const gl = array(dtype, randomValues(N * m, 40 + layer));
    const pgl = put(gl);
    const needDx = layer > 1;
    const [dx, dw, db] = [needDx ? empty(dtype, N * kk) : null, empty(dtype, kk * m), empty(dtype, m)];
    const [pdx, pdw, pdb] = [needDx ? room(N * kk) : 0, room(kk * m), room(m)];
    const hIn = h;
    const phIn = ph;
    const act = tanh ? 'tanh' : 'linear';
    out.push({
      name: 'dense',
      shape: `${N}x${kk} -> ${m} ${act}`,
      flops: N * m * (2 * kk + (tanh ? 1 : 0)),
      elements: N * m,
      ts: () => denseInto(hIn, wl, bl, o, N, kk, m, act),
      wasm: () => w.dense(phIn, pw, pb, po, N, kk, m, tanh),
    });
    out.push({
      name: 'denseBackward',
      shape: `${N}x${kk} -> ${m} ${act}${needDx ? '' : ', no dx'}`,
      flops: N * m * (3 + 2 * kk + (needDx ? 2 * kk : 0) + (tanh ? 3 : 0)),
      elements: N * m,
      ts: () => denseBackwardInto(hIn, wl, o, gl, N, kk, m, act, dx, dw, db),
      wasm: () => w.denseBackward(phIn, pw, po, pgl, N, kk, m, tanh, pdx, pdw, pdb),
    });
    h = o;
    ph = po;
  }
  const logits = h;
  const labels = array(dtype, Array.from(randomValues(N, 50), (u) => (u > 0 ? 1 : 0)));
  const [pLabels, pLp, pBack] = [put(labels), room(N), room(N)];
  const lp = empty(dtype, N);
  const gN = array(dtype, new Float64Array(N).fill(1));
  const pgN = put(gN);
  out.push({
    name: 'bernoulliLogits',
    shape: `${N}`,
    flops: N * 5,
    elements: N,
    ts: () => bernoulliLogitsInto(logits, labels, lp),
    wasm: () => w.bernoulliLogits(ph, pLabels, pLp, N),
  });
  out.push({
    name: 'bernoulliLogitsBackward',
    shape: `${N}`,
    flops: N * 4,
    elements: N,
    ts: () => bernoulliLogitsBackwardInto(logits, labels, gN, lp),
    wasm: () => w.bernoulliLogitsBackward(ph, pLabels, pgN, pBack, N),
  });

  // The whole likelihood of the bnn notebook's step in one kernel: the 2-4-3-1 network (tanh hidden
  // layers, one particle) over the 980 training points with its gradient, and over the 420
  // validation points without. Flops: per point, 2 a b per layer forward plus a tanh per hidden
  // unit and 5 for the Bernoulli term; with the gradient, 2 (a b + b) per layer for the weights'
  // sums, 2 a b + 3 a per hidden layer for the error passed down, and 4 for the sigmoid.
  const bnnWidths = [2, 4, 3, 1];
  const bnnD = bnnParameterCount(bnnWidths);
  let bnnForward = 5;
  let bnnBackward = 4;
  for (let l = 1; l < bnnWidths.length; l++) {
    const [a, b] = [bnnWidths[l - 1], bnnWidths[l]];
    bnnForward += 2 * a * b + (l < bnnWidths.length - 1 ? b : 0);
    bnnBackward += 2 * (a * b + b) + (l > 1 ? 2 * a * b + 3 * a : 0);
  }
  const bnnZ = array(dtype, randomValues(bnnD, 80, -1.5, 1.5));
  const [pBnnZ, pBnnWidths] = [put(bnnZ), k.allocArray('i32', bnnWidths.length)];
  k.i32View().set(bnnWidths, pBnnWidths >>> 2);
  const bnnTerms = empty(dtype, 3);
  const bnnGrad = empty(dtype, 3 * bnnD);
  const [pBnnTerms, pBnnGrad] = [room(3), room(3 * bnnD)];
  for (const [n, withGrad] of [[980, true], [420, false]] as const) {
    const bx = array(dtype, randomValues(2 * n, 81 + n, -2, 2));
    const by = array(dtype, Array.from(randomValues(n, 82 + n), (u) => (u > 0 ? 1 : 0)));
    const [pbx, pby] = [put(bx), put(by)];
    out.push({
      name: 'bnnLogLikelihood',
      shape: `2-4-3-1, n=${n}, k=1${withGrad ? ', grad' : ''}`,
      flops: n * (bnnForward + (withGrad ? bnnBackward : 0)),
      elements: n,
      ts: () => bnnLogLikelihoodInto(bnnZ, bx, by, n, bnnWidths, 1, bnnTerms, withGrad ? bnnGrad : null),
      wasm: () => w.bnnLogLikelihood(pBnnZ, pbx, pby, n, pBnnWidths, bnnWidths.length - 1, 1, pBnnTerms, withGrad ? pBnnGrad : 0),
    });
  }

  // Elementwise exp and tanh, against the TypeScript unary kernel (Math.exp, Math.tanh).
  const E = 4096;
  const ex = array(dtype, randomValues(E, 70, -5, 5));
  const eo = empty(dtype, E);
  const [pex, peo] = [put(ex), room(E)];
  for (const f of ['exp', 'tanh'] as const) {
    out.push({
      name: `map ${f}`,
      shape: `${E}`,
      flops: E,
      elements: E,
      ts: () => unaryInto(f, ex, eo),
      wasm: () => w.map(f, pex, peo, E),
    });
  }

  // Adam over the SVGP's parameters (z, m, S, three scalars).
  const P = M * D + M + M * M + 3;
  const hyper = { learningRate: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, step: 10, weightDecay: 0 };
  const [p, gp, mp, vp] = [array(dtype, randomValues(P, 60)), array(dtype, randomValues(P, 61)), empty(dtype, P), empty(dtype, P)];
  const [pp, pgp, pmp, pvp] = [put(p), put(gp), put(mp), put(vp)];
  out.push({
    name: 'adam',
    shape: `${P} parameters`,
    flops: P * 12,
    elements: P,
    ts: () => adamInto(p as TypedArray, gp, mp, vp, hyper),
    wasm: () => w.adam(pp, pgp, pmp, pvp, P, hyper),
  });
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const quick = argv.includes('--quick');
  const dtypeArg = argv.indexOf('--dtype');
  const kernelArg = argv.indexOf('--kernel');
  const only = kernelArg >= 0 ? argv[kernelArg + 1] : null;
  const dtypes: WasmDType[] = dtypeArg >= 0 ? [argv[dtypeArg + 1] as WasmDType] : ['f64', 'f32'];
  if (!dtypes.every((d) => d === 'f64' || d === 'f32')) {
    console.error('--dtype must be f64 or f32');
    process.exit(2);
  }
  const status = await loadWasmKernels();
  if (!status.ok) {
    console.error(`WebAssembly kernels unavailable: ${status.reason}`);
    process.exit(1);
  }
  const compareArg = argv.indexOf('--compare');
  if (compareArg >= 0) {
    const roundsArg = argv.indexOf('--rounds');
    const rounds = roundsArg >= 0 ? Number(argv[roundsArg + 1]) : 5;
    await compareBuilds(new Uint8Array(readFileSync(argv[compareArg + 1])), dtypes, only, rounds, quick);
    return;
  }
  const ghz = clockGHz();
  const rows: Row[] = [];
  for (const dtype of dtypes) {
    const peak = (dtype === 'f64' ? 8 : 16) * ghz;
    // A fresh instance per dtype: the cases' buffers go with it.
    for (const c of cases(instantiateWasmKernels(await wasmKernelBytes()), dtype)) {
      if (only !== null && c.name !== only) continue;
      const tsMicroseconds = timeMicroseconds(c.ts, quick);
      const wasmMicroseconds = timeMicroseconds(c.wasm, quick);
      const wasmGflops = c.flops / (wasmMicroseconds * 1e3);
      rows.push({
        dtype,
        name: c.name,
        shape: c.shape,
        tsMicroseconds,
        wasmMicroseconds,
        speedup: tsMicroseconds / wasmMicroseconds,
        wasmGflops,
        fractionOfPeak: wasmGflops / peak,
        wasmNsPerElement: (wasmMicroseconds * 1e3) / c.elements,
      });
    }
  }
  if (json) {
    console.log(JSON.stringify({ clockGHz: ghz, peakGflops: { f64: 8 * ghz, f32: 16 * ghz }, kernels: rows }));
    return;
  }
  console.log(`WebAssembly SIMD kernels vs TypeScript kernels, Node ${process.version}, one core at ${ghz.toFixed(2)} GHz`);
  console.log(`peak assumed: 128-bit SIMD, 2 multiplies + 2 adds per cycle = ${(8 * ghz).toFixed(1)} GFLOP/s float64, ${(16 * ghz).toFixed(1)} float32`);
  console.log('dtype  kernel                    shape                               TS µs   Wasm µs  speed-up  GFLOP/s  of peak  ns/elem');
  for (const r of rows) {
    console.log(
      `${r.dtype.padEnd(6)} ${r.name.padEnd(25)} ${r.shape.padEnd(33)} ${r.tsMicroseconds.toFixed(1).padStart(8)} ${r.wasmMicroseconds.toFixed(1).padStart(9)} ${r.speedup.toFixed(1).padStart(8)}x ${r.wasmGflops.toFixed(2).padStart(8)} ${(100 * r.fractionOfPeak).toFixed(0).padStart(7)}% ${r.wasmNsPerElement.toFixed(2).padStart(8)}`,
    );
  }
}

/** The WebAssembly side of each case, this build against `old`, alternating over `rounds`. */
async function compareBuilds(old: Uint8Array<ArrayBuffer>, dtypes: WasmDType[], only: string | null, rounds: number, quick: boolean): Promise<void> {
  const current = await wasmKernelBytes();
  console.log(`WebAssembly µs per call (CPU time), medians of ${rounds} alternating rounds: old build, this build, this / old`);
  for (const dtype of dtypes) {
    const pick = (bytes: Uint8Array<ArrayBuffer>): Case[] => cases(instantiateWasmKernels(bytes), dtype).filter((c) => only === null || c.name === only);
    const [oldCases, newCases] = [pick(old), pick(current)];
    for (let i = 0; i < newCases.length; i++) {
      const [a, b]: number[][] = [[], []];
      for (let r = 0; r < rounds; r++) {
        a.push(timeMicroseconds(oldCases[i].wasm, quick));
        b.push(timeMicroseconds(newCases[i].wasm, quick));
      }
      const [ma, mb] = [median(a), median(b)];
      console.log(`${dtype.padEnd(6)} ${newCases[i].name.padEnd(25)} ${newCases[i].shape.padEnd(33)} ${ma.toFixed(1).padStart(8)} ${mb.toFixed(1).padStart(8)} ${(mb / ma).toFixed(3).padStart(7)}`);
    }
  }
}

await main();
