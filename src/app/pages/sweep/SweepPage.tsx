// The sweep notebook: step time, throughput and time to target against the batch size,
// measured in the page's worker on every backend this browser has. The sweep and the race are
// runs of the run channel: they can be stopped, and leaving the page stops them.

import { useEffect, useRef } from 'react';
import source from '../../../../notebooks/sweep.md?raw';
import { CopyLinkButton } from '../../CopyLinkButton';
import { NotebookArticle } from '../../NotebookArticle';
import { ParamFields, RunMessage } from '../../controls';
import { useNotebookPage } from '../../useNotebookPage';
import { useRun } from '../../worker/useRun';
import type { RaceRequest, SweepEvent, SweepRequest } from '../../../workers/sweep/protocol';
import { SWEEP_SCHEMA, batchesFor, raceBatchesFor } from './schema';
import type { SweepSettings } from './schema';
import { raceRun, sweepRun, useSweepStore } from './sweepStore';
import { useSweepWorker } from './useSweepWorker';
import { MsPerStepChart, SweepTable, ThroughputChart, TimeToTargetChart } from './SweepCharts';

const FIELDS = ['n', 'm', 'learningRate', 'warmupSteps', 'timedSteps', 'targetPerPoint', 'budgetSeconds', 'dataSeed', 'seed'] as const;

/** The page's runs, for the offer to run them on the CPU when they fail on the GPU. */
const FAILING = [
  { slot: 'sweep', state: sweepRun, name: 'sweep' },
  { slot: 'race', state: raceRun, name: 'race' },
];

function receive(e: SweepEvent): void {
  const store = useSweepStore.getState();
  if (e.kind === 'sweep') store.addPoint(e.backend, e.point);
  else {
    if (store.raceBackend !== e.backend) useSweepStore.setState({ raceBackend: e.backend });
    store.addRacePoint(e.point);
  }
}

function setup(s: SweepSettings) {
  return { n: s.n, dataSeed: s.dataSeed, m: s.m, learningRate: s.learningRate, seed: s.seed };
}

export default function SweepPage() {
  const { values, setParams, worker, api, problems, onRestoreDefaults } = useNotebookPage(SWEEP_SCHEMA, useSweepWorker);
  const settings = useRef(values);
  settings.current = values;
  const sweep = useRun<SweepRequest | RaceRequest, SweepEvent, null>(api, {
    slot: 'sweep',
    state: sweepRun,
    request: () => (problems.length ? null : { kind: 'sweep', ...setup(settings.current), batches: batchesFor(settings.current.n), warmupSteps: settings.current.warmupSteps, timedSteps: settings.current.timedSteps }),
    begin: (_mode, r) => useSweepStore.getState().clearSweep(r.kind === 'sweep' ? r.timedSteps : 0),
    progress: receive,
    clear: () => useSweepStore.getState().clearSweep(0),
  });
  const race = useRun<SweepRequest | RaceRequest, SweepEvent, null>(api, {
    slot: 'race',
    state: raceRun,
    request: () =>
      problems.length ? null : { kind: 'race', ...setup(settings.current), batches: raceBatchesFor(settings.current.n), targetPerPoint: settings.current.targetPerPoint, budgetSeconds: settings.current.budgetSeconds },
    begin: () => useSweepStore.getState().clearRace(),
    progress: receive,
    clear: () => useSweepStore.getState().clearRace(),
  });
  const sweeping = sweepRun((s) => s.phase === 'running');
  const racing = raceRun((s) => s.phase === 'running');
  const message = [sweepRun((s) => s.message), raceRun((s) => s.message)].filter((m) => m !== null).join(' ');
  const ready = api !== null;
  const canStart = ready && problems.length === 0 && !sweeping && !racing;
  const onGpu = worker?.report.backend === 'webgpu';

  // A fresh visit starts from empty charts.
  useEffect(
    () => () => {
      useSweepStore.getState().clearSweep(0);
      useSweepStore.getState().clearRace();
    },
    [],
  );

  const controls = (
    <section className="controls-panel" aria-label="Sweep settings">
      <ParamFields schema={SWEEP_SCHEMA} names={FIELDS} values={values} onChange={setParams} />
      <div className="run-both">
        <button type="button" className="button primary" disabled={!canStart} onClick={() => (sweep.reset(), sweep.run())}>
          Run the sweep{onGpu ? ' on WebGPU and CPU' : ''}
        </button>
        <button type="button" className="button" disabled={!canStart} onClick={() => (race.reset(), race.run())}>
          Race to the target
        </button>
        <button type="button" className="button" disabled={!sweeping && !racing} onClick={() => (sweep.stop(), race.stop())}>
          Stop
        </button>
        <CopyLinkButton />
        <span className="run-status" aria-live="polite" data-testid="sweep-status">
          {sweeping ? 'Measuring…' : racing ? 'Racing…' : ready ? 'Ready' : 'Starting the worker…'}
        </span>
      </div>
      <RunMessage message={message} />
    </section>
  );

  return (
    <NotebookArticle problems={problems} onRestoreDefaults={onRestoreDefaults} failing={FAILING} source={source} live={{
      controls,
      msPerStep: (
        <>
          <MsPerStepChart n={values.n} />
          <SweepTable />
        </>
      ),
      throughput: <ThroughputChart n={values.n} />,
      timeToTarget: <TimeToTargetChart />,
    }} />
  );
}
