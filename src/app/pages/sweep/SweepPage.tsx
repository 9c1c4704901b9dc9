// The sweep notebook: step time, throughput and time to target against the
// batch size, measured in workers on every backend this browser has.

import source from '../../../../notebooks/sweep.md?raw';
import * as Comlink from 'comlink';
import { CopyLinkButton } from '../../CopyLinkButton';
import { ErrorBanner } from '../../ErrorBanner';
import { Prose } from '../../Prose';
import { ParamField } from '../../controls';
import { useGlobalParams, useUrlParams } from '../../useUrlParams';
import { useTrainingWorker } from '../../worker/trainingClient';
import type { WorkerHandle } from '../../worker/trainingClient';
import { SWEEP_SCHEMA, batchesFor, raceBatchesFor } from './schema';
import type { SweepSettings } from './schema';
import { useSweepStore } from './sweepStore';
import { MsPerStepChart, SweepTable, ThroughputChart, TimeToTargetChart } from './SweepCharts';

const FIELDS = ['n', 'm', 'learningRate', 'warmupSteps', 'timedSteps', 'targetPerPoint', 'budgetSeconds', 'dataSeed', 'seed'] as const;

const label = (h: WorkerHandle) => (h.report.backend === 'webgpu' ? 'WebGPU' : 'CPU');

async function runSweep(workers: WorkerHandle[], s: SweepSettings): Promise<void> {
  const store = useSweepStore.getState();
  store.clearSweep();
  store.setTask('sweeping');
  try {
    // One backend after the other, so that they do not compete for the machine.
    for (const w of workers) {
      await w.api.sweep(
        { n: s.n, dataSeed: s.dataSeed, batches: batchesFor(s.n), m: s.m, learningRate: s.learningRate, warmupSteps: s.warmupSteps, timedSteps: s.timedSteps, seed: s.seed },
        Comlink.proxy((p) => useSweepStore.getState().addPoint(label(w), p)),
      );
    }
    useSweepStore.getState().setTask('idle');
  } catch (e) {
    useSweepStore.getState().fail(e instanceof Error ? e.message : String(e));
  }
}

async function runRace(w: WorkerHandle, s: SweepSettings): Promise<void> {
  const store = useSweepStore.getState();
  store.clearRace(label(w));
  store.setTask('racing');
  try {
    await w.api.timeToTarget(
      { n: s.n, dataSeed: s.dataSeed, batches: raceBatchesFor(s.n), m: s.m, learningRate: s.learningRate, seed: s.seed, targetPerPoint: s.targetPerPoint, budgetSeconds: s.budgetSeconds },
      Comlink.proxy((p) => useSweepStore.getState().addRacePoint(p)),
    );
    useSweepStore.getState().setTask('idle');
  } catch (e) {
    useSweepStore.getState().fail(e instanceof Error ? e.message : String(e));
  }
}

export default function SweepPage() {
  const { values, errors, setParams } = useUrlParams(SWEEP_SCHEMA);
  const global = useGlobalParams();
  const main = useTrainingWorker(global.values.backend);
  // A second, CPU-only worker when the main one computes on the GPU, so both backends are measured.
  const cpu = useTrainingWorker(main?.report.backend === 'webgpu' ? 'cpu' : null, false);
  const task = useSweepStore((s) => s.task);
  const error = useSweepStore((s) => s.error);
  const workers = [main, cpu].filter((w): w is WorkerHandle => w !== null);
  const ready = main !== null && (main.report.backend === 'cpu' || cpu !== null);
  const problems = errors.map((e) => e.message);
  const canStart = ready && problems.length === 0 && task === 'idle';

  const controls = (
    <section className="controls-panel" aria-label="Sweep settings">
      <div className="fields-grid">
        {FIELDS.map((name) => (
          <ParamField key={name} schema={SWEEP_SCHEMA} name={name} values={values} onChange={setParams} />
        ))}
      </div>
      <div className="run-both">
        <button type="button" className="button primary" disabled={!canStart} onClick={() => void runSweep(workers, values)}>
          Run the sweep{workers.length > 1 ? ' on WebGPU and CPU' : ''}
        </button>
        <button type="button" className="button" disabled={!canStart || main === null} onClick={() => main && void runRace(main, values)}>
          Race to the target
        </button>
        <CopyLinkButton />
        <span className="run-status" aria-live="polite" data-testid="sweep-status">
          {task === 'sweeping' ? 'Measuring…' : task === 'racing' ? 'Racing…' : ready ? 'Ready' : 'Starting workers…'}
        </span>
      </div>
      {error ? <p className="run-message" role="alert">{error}</p> : null}
    </section>
  );

  return (
    <article>
      <ErrorBanner messages={problems} />
      <Prose
        source={source}
        live={{
          controls,
          msPerStep: (
            <>
              <MsPerStepChart n={values.n} />
              <SweepTable />
            </>
          ),
          throughput: <ThroughputChart n={values.n} />,
          timeToTarget: <TimeToTargetChart />,
        }}
      />
    </article>
  );
}
