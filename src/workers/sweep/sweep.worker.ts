/**
 * The sweep page's worker: step times and the race to a target for every batch size, through
 * the run channel (host/runHost.ts), so that a sweep can be paused or stopped like any run and
 * ends 'failed' with its message when the device is lost. On WebGPU the step times are measured
 * on the CPU as well, afterwards, so that the page compares both backends.
 */
import * as Comlink from 'comlink';
import type { Backend } from '../../engine/tensor';
import { cpu } from '../../engine/cpu/backend';
import { generateSvgpData } from '../../engine/models/svgp';
import { sweepStepTimes, timeToTarget } from '../../engine/experiments/sweep';
import { RunHost, controlsOf } from '../host/runHost';
import { dtypeFor } from '../host/backendChoice';
import type { SweepEvent, SweepWorkerApi } from './protocol';

const host = new RunHost();
const label = (b: Backend) => (b.name === 'webgpu' ? 'WebGPU' : 'CPU');

const api: SweepWorkerApi = {
  ...controlsOf(host),

  start: (id, request, onEvent, mode) =>
    host.start<SweepEvent, null>(id, mode, onEvent, async ({ backend, control }, report) => {
      const data = generateSvgpData(request.n, request.dataSeed);
      const common = { data, batches: request.batches, m: request.m, learningRate: request.learningRate, seed: request.seed, control };
      if (request.kind === 'race') {
        await timeToTarget({ ...common, backend, dtype: dtypeFor(backend), targetPerPoint: request.targetPerPoint, budgetSeconds: request.budgetSeconds }, (point) =>
          report({ kind: 'race', backend: label(backend), point }),
        );
      } else {
        // One backend after the other, so that they do not compete for the machine.
        for (const b of backend.name === 'webgpu' ? [backend, cpu] : [backend]) {
          if (control.stopped) break;
          await sweepStepTimes({ ...common, backend: b, dtype: dtypeFor(b), warmupSteps: request.warmupSteps, timedSteps: request.timedSteps }, (point) =>
            report({ kind: 'sweep', backend: label(b), point }),
          );
        }
      }
      return { status: control.stopped ? 'stopped' : 'finished' };
    }),
};

Comlink.expose(api);
