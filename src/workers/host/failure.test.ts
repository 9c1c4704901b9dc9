import { describe, expect, it } from 'vitest';
import { plainFailure } from './failure';

describe('plainFailure', () => {
  it('says what happened to the GPU in words and offers the CPU', () => {
    expect(plainFailure('webgpu backend: WebGPU device lost (destroyed): Device was destroyed.')).toBe(
      'The GPU stopped working during the run (WebGPU device lost (destroyed): Device was destroyed.). The computation cannot go on on this device; the CPU can run the same notebook.',
    );
    expect(plainFailure("Failed to execute 'mapAsync' on 'GPUBuffer': [Buffer] was unmapped before the mapping was resolved.")).toMatch(/^Reading results back from the GPU failed \(Failed to execute 'mapAsync'.*The CPU can run the same notebook\.$/);
    expect(plainFailure('shard 2 of 4 failed: webgpu backend: Device was lost')).toMatch(/^The GPU stopped working during the run \(shard 2 of 4 failed: Device was lost\)\./);
    expect(plainFailure('webgpu backend: pipeline matmul failed: error at 3:4')).toMatch(/^The GPU reported an error and the run cannot go on \(pipeline matmul failed/);
  });

  it('passes a message that is already plain through unchanged', () => {
    const m = 'These data cannot be trained in float32, which this backend computes in: value 3 of the data, 1.00e+300, is outside float32’s range.';
    expect(plainFailure(m)).toBe(m);
  });
});
