/**
 * The dense layer on the GPU, built from the backend's primitives: the product in the tiled
 * matmul kernel, the bias and the activation lazy, so they fuse into whatever reads them.
 */
import { registerKernel } from '../registry';
import { denseBackwardKernel, denseKernel } from './dense';

registerKernel(denseKernel, 'webgpu', (gpu, x, w, b, activation) => {
  const xw = gpu.matmul(x, w, false, false);
  const pre = gpu.binary('add', xw, b);
  gpu.dispose(xw);
  if (activation === 'linear') return pre;
  const out = gpu.unary('tanh', pre);
  gpu.dispose(pre);
  return out;
});

registerKernel(denseBackwardKernel, 'webgpu', (gpu, x, w, out, g, activation, needDx) => {
  // d = g * act'(out): materialised once by the first product, then shared by all three.
  let d = g;
  if (activation === 'tanh') {
    const sq = gpu.unary('square', out);
    const one = gpu.full([], 1, out.dtype);
    const deriv = gpu.binary('sub', one, sq);
    d = gpu.binary('mul', g, deriv);
    for (const t of [sq, one, deriv]) gpu.dispose(t);
  }
  const dw = gpu.matmul(x, d, true, false);
  const colSums = gpu.sum(d, [0]);
  const db = gpu.reshape(colSums, [w.shape[1]]);
  const dx = needDx ? gpu.matmul(d, w, false, true) : null;
  if (d !== g) gpu.dispose(d);
  return { dx, dw, db };
});
