/** The Bernoulli log-mass on the GPU: lazy expressions that fuse into their consumer. */
import { registerKernel } from '../registry';
import { bernoulliLogitsBackwardKernel, bernoulliLogitsKernel } from './bernoulliLogits';

// bernoulli_logits_f32 in shaders/special.wgsl, applied inside whichever kernel reads the result.
registerKernel(bernoulliLogitsKernel, 'webgpu', (gpu, logits, y) => gpu.call('bernoulli_logits_f32', logits.dtype, logits.shape, [logits, y]));

registerKernel(bernoulliLogitsBackwardKernel, 'webgpu', (gpu, logits, y, g) => {
  const sig = gpu.unary('sigmoid', logits);
  const diff = gpu.binary('sub', y, sig);
  const out = gpu.binary('mul', g, diff);
  gpu.dispose(sig);
  gpu.dispose(diff);
  return out;
});
