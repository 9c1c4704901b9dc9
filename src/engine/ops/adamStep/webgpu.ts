/**
 * The Adam(W) step on the GPU: the update of cpu.ts written as lazy expressions and computed by
 * one fused kernel with three outputs, so the gradient's own expression (often a chain of scalar
 * bookkeeping from the backward pass) is evaluated inside the update, not by a kernel of its own.
 */
import type { Tensor } from '../../tensor';
import { registerKernel } from '../registry';
import { checkGpuDtype } from '../../webgpu/kernelApi';
import { adamStepKernel } from './adamStep';

registerKernel(adamStepKernel, 'webgpu', (gpu, param, grad, m, v, hyper) => {
  checkGpuDtype(param.dtype, 'adamStep');
  if (gpu.lazyCost(grad) > 32) gpu.buffer(grad);
  const dt = param.dtype;
  const temps: Tensor[] = [];
  const t = (x: Tensor): Tensor => {
    temps.push(x);
    return x;
  };
  const k = (x: number): Tensor => t(gpu.full([], x, dt));
  const mul = (a: Tensor, b: Tensor) => t(gpu.binary('mul', a, b));
  const add = (a: Tensor, b: Tensor) => t(gpu.binary('add', a, b));
  const c1 = 1 / (1 - Math.pow(hyper.b1, hyper.step));
  const c2 = 1 / (1 - Math.pow(hyper.b2, hyper.step));
  const m2 = add(mul(k(hyper.b1), m), mul(k(1 - hyper.b1), grad));
  const v2 = add(mul(k(hyper.b2), v), mul(mul(k(1 - hyper.b2), grad), grad));
  const denom = add(t(gpu.unary('sqrt', mul(v2, k(c2)))), k(hyper.eps));
  let direction = t(gpu.binary('div', mul(m2, k(c1)), denom));
  if (hyper.weightDecay !== 0) direction = add(direction, mul(k(hyper.weightDecay), param));
  const p2 = t(gpu.binary('sub', param, mul(k(hyper.learningRate), direction)));
  gpu.computeTogether([p2, m2, v2]);
  // The results keep their storage; every other temporary is released.
  const keep = new Set([p2, m2, v2]);
  for (const x of temps) if (!keep.has(x)) gpu.dispose(x);
  return [p2, m2, v2];
});
