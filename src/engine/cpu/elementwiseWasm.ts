/**
 * The cpu backend's elementwise maps, sums, broadcasts and transposes in WebAssembly SIMD, where
 * the module is in use and the case is one it has (float operands of at most two dimensions after
 * broadcasting, the common maps): each returns false to leave the case to the TypeScript loops
 * (elementwise.ts, reduce.ts), which remain the reference.
 */
import type { BinaryOp, Tensor, UnaryOp } from '../tensor';
import type { Shape } from '../shape';
import type { WasmMapFunction } from '../wasm/kernels';
import type { CpuKernelApi } from './kernelApi';

const MAPS: Partial<Record<UnaryOp, WasmMapFunction>> = {
  neg: 'neg',
  abs: 'abs',
  square: 'square',
  sqrt: 'sqrt',
  reciprocal: 'reciprocal',
  exp: 'exp',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  softplus: 'softplus',
};

function isFloat(t: Tensor): boolean {
  return t.dtype === 'f64' || t.dtype === 'f32';
}

/** out = op(x) in WebAssembly; false where it has no such map. */
export function unaryWasm(cpu: CpuKernelApi, op: UnaryOp, x: Tensor, out: Tensor): boolean {
  const f = MAPS[op];
  if (f === undefined || !isFloat(x)) return false;
  const w = cpu.wasmCall();
  if (w === null) return false;
  w.run(x, [x], [out], (kernels, [px], [po]) => kernels.map(f, px, po, x.size));
  return true;
}

/** A shape as [rows, cols] (rank at most 2, leading ones added), or null. */
function matrixShape(shape: Shape): [number, number] | null {
  if (shape.length > 2) return null;
  return shape.length === 2 ? [shape[0], shape[1]] : shape.length === 1 ? [1, shape[0]] : [1, 1];
}

/** Strides (per row, per column: 0 where broadcast) of operand shape s within out [m,n], or null. */
function strides(s: Shape, m: number, n: number): [number, number] | null {
  const ms = matrixShape(s);
  if (ms === null) return null;
  const [r, c] = ms;
  if ((r !== 1 && r !== m) || (c !== 1 && c !== n)) return null;
  return [r === 1 ? 0 : c, c === 1 ? 0 : 1];
}

/** out = a op b broadcast to `shape` in WebAssembly; false where the shapes do not reduce to two dimensions. */
export function binaryWasm(cpu: CpuKernelApi, op: BinaryOp | 'first', a: Tensor, aShape: Shape, b: Tensor, bShape: Shape, out: Tensor, shape: Shape): boolean {
  if (!isFloat(out)) return false;
  let m: number;
  let n: number;
  let sa: [number, number] | null;
  let sb: [number, number] | null;
  if (a.size === out.size && b.size === out.size) {
    // Same shape (and every shape of equal size after broadcasting): one flat row.
    [m, n, sa, sb] = [1, out.size, [0, 1], [0, 1]];
  } else {
    const ms = matrixShape(shape);
    if (ms === null) return false;
    [m, n] = ms;
    sa = strides(aShape, m, n);
    sb = strides(bShape, m, n);
    if (sa === null || sb === null) return false;
  }
  const w = cpu.wasmCall();
  if (w === null) return false;
  const [aRow, aCol] = sa;
  const [bRow, bCol] = sb;
  w.run(out, [a, b], [out], (kernels, [pa, pb], [po]) => kernels.binary(op, pa, pb, po, m, n, aRow, aCol, bRow, bCol));
  return true;
}

/** out = the sum of x over `axes` in WebAssembly, where the axes are a prefix or a suffix of x's; false otherwise. */
export function sumWasm(cpu: CpuKernelApi, x: Tensor, axes: readonly number[], out: Tensor): boolean {
  if (!isFloat(x) || axes.length === 0) return false;
  const r = x.shape.length;
  const prefix = axes.every((ax, i) => ax === i);
  const suffix = axes.every((ax, i) => ax === r - axes.length + i);
  if (!prefix && !suffix) return false;
  const all = axes.length === r;
  // A prefix of the axes reduced: the rows of [outer, inner] added; a suffix (or all): each row summed.
  const rows = prefix && !all;
  const split = all ? 0 : prefix ? axes.length : r - axes.length;
  let outer = 1;
  for (let i = 0; i < split; i++) outer *= x.shape[i];
  if (x.size === 0) return false;
  const inner = x.size / outer;
  const w = cpu.wasmCall();
  if (w === null) return false;
  w.run(x, [x], [out], (kernels, [px], [po]) => kernels.sum(px, po, outer, inner, rows));
  return true;
}

/** out = x^T in WebAssembly (x [m,n] float). */
export function transposeWasm(cpu: CpuKernelApi, x: Tensor, out: Tensor): boolean {
  if (!isFloat(x)) return false;
  const w = cpu.wasmCall();
  if (w === null) return false;
  w.run(x, [x], [out], (kernels, [px], [po]) => kernels.transpose(px, po, x.shape[0], x.shape[1]));
  return true;
}
