/**
 * The module's exports: the arena, and every kernel twice, for float64 (`_f64`) and float32
 * (`_f32`). Arguments are byte offsets into this module's memory (pointers), sizes in elements,
 * flags as 0 / 1, and scalars as float64. Outputs must not overlap inputs unless a kernel says so.
 * The TypeScript side is src/engine/wasm/kernels.ts.
 */
import { matmul } from './matmul';
import { triangularSolve } from './solve';
import { cholesky, choleskyBackward, choleskyInverse, columnQuadForm, weightedGram } from './linalg';
import { rbf, rbfBackward } from './rbf';
import { dense, denseBackward } from './dense';
import { adam, bernoulliLogits, bernoulliLogitsBackward, binary, map, sum, transpose } from './elementwise';
import { bnnLogLikelihood } from './bnn';
import { poissonLogLinear, poissonLogLinearBackward } from './poisson';

export { heapBase } from './memory';

export function matmul_f64(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool): void {
  matmul<f64>(a, b, out, m, k, n, transA, transB);
}
export function matmul_f32(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool): void {
  matmul<f32>(a, b, out, m, k, n, transA, transB);
}

export function triangularSolve_f64(t: usize, b: usize, x: usize, n: i32, k: i32, lower: bool, transpose: bool): void {
  triangularSolve<f64>(t, b, x, n, k, lower, transpose);
}
export function triangularSolve_f32(t: usize, b: usize, x: usize, n: i32, k: i32, lower: bool, transpose: bool): void {
  triangularSolve<f32>(t, b, x, n, k, lower, transpose);
}

export function cholesky_f64(a: usize, l: usize, n: i32, shift: f64): void {
  cholesky<f64>(a, l, n, shift);
}
export function cholesky_f32(a: usize, l: usize, n: i32, shift: f64): void {
  cholesky<f32>(a, l, n, <f32>shift);
}

export function choleskyBackward_f64(l: usize, lBar: usize, out: usize, n: i32, work: usize): void {
  choleskyBackward<f64>(l, lBar, out, n, work);
}
export function choleskyBackward_f32(l: usize, lBar: usize, out: usize, n: i32, work: usize): void {
  choleskyBackward<f32>(l, lBar, out, n, work);
}

export function choleskyInverse_f64(l: usize, out: usize, n: i32, x: usize, alpha: usize, g: usize): void {
  choleskyInverse<f64>(l, out, n, x, alpha, g);
}
export function choleskyInverse_f32(l: usize, out: usize, n: i32, x: usize, alpha: usize, g: usize): void {
  choleskyInverse<f32>(l, out, n, x, alpha, g);
}

export function weightedGram_f64(a: usize, g: usize, out: usize, m: i32, n: i32): void {
  weightedGram<f64>(a, g, out, m, n);
}
export function weightedGram_f32(a: usize, g: usize, out: usize, m: i32, n: i32): void {
  weightedGram<f32>(a, g, out, m, n);
}

export function columnQuadForm_f64(w: usize, a: usize, out: usize, m: i32, n: i32): void {
  columnQuadForm<f64>(w, a, out, m, n);
}
export function columnQuadForm_f32(w: usize, a: usize, out: usize, m: i32, n: i32): void {
  columnQuadForm<f32>(w, a, out, m, n);
}

export function rbf_f64(a: usize, b: usize, k: usize, p: i32, q: i32, d: i32, s2: f64, l: f64): void {
  rbf<f64>(a, b, k, p, q, d, s2, l);
}
export function rbf_f32(a: usize, b: usize, k: usize, p: i32, q: i32, d: i32, s2: f64, l: f64): void {
  rbf<f32>(a, b, k, p, q, d, s2, l);
}

export function rbfBackward_f64(a: usize, b: usize, k: usize, g: usize, p: i32, q: i32, d: i32, l: f64, dA: usize, dB: usize, sums: usize): void {
  rbfBackward<f64>(a, b, k, g, p, q, d, l, dA, dB, sums);
}
export function rbfBackward_f32(a: usize, b: usize, k: usize, g: usize, p: i32, q: i32, d: i32, l: f64, dA: usize, dB: usize, sums: usize): void {
  rbfBackward<f32>(a, b, k, g, p, q, d, l, dA, dB, sums);
}

export function dense_f64(x: usize, w: usize, b: usize, out: usize, n: i32, k: i32, m: i32, tanh: bool): void {
  dense<f64>(x, w, b, out, n, k, m, tanh);
}
export function dense_f32(x: usize, w: usize, b: usize, out: usize, n: i32, k: i32, m: i32, tanh: bool): void {
  dense<f32>(x, w, b, out, n, k, m, tanh);
}

export function denseBackward_f64(x: usize, w: usize, out: usize, g: usize, n: i32, k: i32, m: i32, tanh: bool, dx: usize, dw: usize, db: usize): void {
  denseBackward<f64>(x, w, out, g, n, k, m, tanh, dx, dw, db);
}
export function denseBackward_f32(x: usize, w: usize, out: usize, g: usize, n: i32, k: i32, m: i32, tanh: bool, dx: usize, dw: usize, db: usize): void {
  denseBackward<f32>(x, w, out, g, n, k, m, tanh, dx, dw, db);
}

export function bernoulliLogits_f64(l: usize, y: usize, out: usize, n: i32): void {
  bernoulliLogits<f64>(l, y, out, n);
}
export function bernoulliLogits_f32(l: usize, y: usize, out: usize, n: i32): void {
  bernoulliLogits<f32>(l, y, out, n);
}

export function bernoulliLogitsBackward_f64(l: usize, y: usize, g: usize, out: usize, n: i32): void {
  bernoulliLogitsBackward<f64>(l, y, g, out, n);
}
export function bernoulliLogitsBackward_f32(l: usize, y: usize, g: usize, out: usize, n: i32): void {
  bernoulliLogitsBackward<f32>(l, y, g, out, n);
}

export function adam_f64(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f64, b1: f64, b2: f64, eps: f64, wd: f64, c1: f64, c2: f64): void {
  adam<f64>(p, g, m, v, n, lr, b1, b2, eps, wd, c1, c2);
}
export function adam_f32(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f64, b1: f64, b2: f64, eps: f64, wd: f64, c1: f64, c2: f64): void {
  adam<f32>(p, g, m, v, n, lr, b1, b2, eps, wd, c1, c2);
}

export function map_f64(f: i32, x: usize, out: usize, n: i32): void {
  map<f64>(f, x, out, n);
}
export function map_f32(f: i32, x: usize, out: usize, n: i32): void {
  map<f32>(f, x, out, n);
}

export function bnnLogLikelihood_f64(z: usize, x: usize, y: usize, n: i32, widths: usize, layers: i32, k: i32, terms: usize, dz: usize): void {
  bnnLogLikelihood<f64>(z, x, y, n, widths, layers, k, terms, dz);
}
export function bnnLogLikelihood_f32(z: usize, x: usize, y: usize, n: i32, widths: usize, layers: i32, k: i32, terms: usize, dz: usize): void {
  bnnLogLikelihood<f32>(z, x, y, n, widths, layers, k, terms, dz);
}

export function binary_f64(op: i32, a: usize, b: usize, out: usize, outer: i32, inner: i32, aos: i32, ais: i32, bos: i32, bis: i32): void {
  binary<f64>(op, a, b, out, outer, inner, aos, ais, bos, bis);
}
export function binary_f32(op: i32, a: usize, b: usize, out: usize, outer: i32, inner: i32, aos: i32, ais: i32, bos: i32, bis: i32): void {
  binary<f32>(op, a, b, out, outer, inner, aos, ais, bos, bis);
}

export function sum_f64(x: usize, out: usize, outer: i32, inner: i32, rows: bool): void {
  sum<f64>(x, out, outer, inner, rows);
}
export function sum_f32(x: usize, out: usize, outer: i32, inner: i32, rows: bool): void {
  sum<f32>(x, out, outer, inner, rows);
}

export function transpose_f64(x: usize, out: usize, m: i32, n: i32): void {
  transpose<f64>(x, out, m, n);
}
export function transpose_f32(x: usize, out: usize, m: i32, n: i32): void {
  transpose<f32>(x, out, m, n);
}

export function poissonLogLinear_f64(slope: usize, cellEffect: usize, intercept: usize, product: usize, cell: usize, x: usize, units: usize, weight: usize, resid: usize, total: usize, n: i32, P: i32, M: i32, lo: f64, hi: f64): i32 {
  return poissonLogLinear<f64>(slope, cellEffect, intercept, product, cell, x, units, weight, resid, total, n, P, M, lo, hi);
}
export function poissonLogLinear_f32(slope: usize, cellEffect: usize, intercept: usize, product: usize, cell: usize, x: usize, units: usize, weight: usize, resid: usize, total: usize, n: i32, P: i32, M: i32, lo: f64, hi: f64): i32 {
  return poissonLogLinear<f32>(slope, cellEffect, intercept, product, cell, x, units, weight, resid, total, n, P, M, <f32>lo, <f32>hi);
}

export function poissonLogLinearBackward_f64(resid: usize, g: f64, product: usize, cell: usize, x: usize, n: i32, P: i32, M: i32, dSlope: usize, dCell: usize, dIntercept: usize): void {
  poissonLogLinearBackward<f64>(resid, g, product, cell, x, n, P, M, dSlope, dCell, dIntercept);
}
export function poissonLogLinearBackward_f32(resid: usize, g: f64, product: usize, cell: usize, x: usize, n: i32, P: i32, M: i32, dSlope: usize, dCell: usize, dIntercept: usize): void {
  poissonLogLinearBackward<f32>(resid, <f32>g, product, cell, x, n, P, M, dSlope, dCell, dIntercept);
}
