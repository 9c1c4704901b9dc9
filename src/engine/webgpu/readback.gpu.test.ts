/**
 * Readbacks interleaved the way two runs sharing one device interleave them (one run reading
 * its parameters while another submits steps) never leave a buffer in use while it is mapped.
 */
import { expect, test } from 'vitest';
import * as E from '../ops';
import { createWebGpuBackend } from './backend';

test('a submission that holds only copies, followed at once by one with passes, keeps the device valid', async () => {
  const gpu = await createWebGpuBackend();
  const a = E.tensor([1, 2, 3], [3], { backend: gpu, dtype: 'f32' });
  const b = E.exp(a);
  await b.data();
  for (let i = 0; i < 20; i++) {
    // Nothing recorded but the copy: this submission has no compute pass.
    const onlyCopy = b.data();
    await Promise.resolve();
    await Promise.resolve();
    // The next submission starts before the first one's maps have completed.
    const c = E.mul(b, i);
    const withPass = c.data();
    const [x, y] = await Promise.all([onlyCopy, withPass]);
    expect(x[0]).toBeCloseTo(Math.E, 5);
    expect(y[2]).toBeCloseTo(i * Math.exp(3), 2);
    c.dispose();
  }
  expect(gpu.failure).toBeNull();
  gpu.destroy();
});
