/**
 * Device time per step, where the backend measures it (the webgpu backend with GPU timestamp
 * queries): the GPU time of the batches that were timed, per dispatch, times the dispatches per
 * step. Shown beside the training clock, which also counts what the device waited for.
 */
import type { Backend } from '../tensor';
import type { GpuStats } from '../webgpu/context';

type Timed = Pick<GpuStats, 'gpuTimeMs' | 'timedDispatches' | 'dispatches'>;

function statsOf(b: Backend): Readonly<Timed> | null {
  const s = (b as Backend & { stats?: Readonly<Timed> }).stats;
  return s && s.gpuTimeMs !== null && s.gpuTimeMs !== undefined ? s : null;
}

export class DeviceTimer {
  private readonly start: Timed | null;

  constructor(private readonly backend: Backend) {
    const s = statsOf(backend);
    this.start = s && { gpuTimeMs: s.gpuTimeMs, timedDispatches: s.timedDispatches, dispatches: s.dispatches };
  }

  /** GPU milliseconds per step over `steps` steps since construction, or null when not measured. */
  msPerStep(steps: number): number | null {
    const s = statsOf(this.backend);
    const s0 = this.start;
    if (!s || !s0 || steps <= 0 || s.gpuTimeMs === null || s0.gpuTimeMs === null) return null;
    const timed = s.timedDispatches - s0.timedDispatches;
    if (timed <= 0) return null;
    return ((s.gpuTimeMs - s0.gpuTimeMs) / timed) * ((s.dispatches - s0.dispatches) / steps);
  }
}
