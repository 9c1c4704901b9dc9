// The exact-gp notebook: exact GP regression trained live on either gradient path, the cost of
// a step against N measured by a size sweep, and the wall where the SVGP overtakes it, with the
// prose of notebooks/exact-gp.md around them.

import { useEffect } from 'react';
import source from '../../../../notebooks/exact-gp.md?raw';
import { NotebookArticle } from '../../NotebookArticle';
import { useNotebookPage } from '../../useNotebookPage';
import { EXACT_GP_SCHEMA } from './schema';
import { useExactGpWorker } from './useExactGpWorker';
import { useExactGpRuns } from './useExactGpRuns';
import { clearAll, sweepRun, trainRun, useExactGpStore } from './exactGpStore';
import { ExactGpControls } from './ExactGpControls';
import { FitChart, TrainingCharts } from './ExactGpCharts';
import { CostChart, ReductionsTable, SweepControls, WallSection } from './CostSection';
import './exact-gp.css';

/** The page's runs, for the offer to run them on the CPU when they fail on the GPU. */
const FAILING = [
  { slot: 'train', state: trainRun, name: 'training run' },
  { slot: 'sweep', state: sweepRun, name: 'size sweep' },
];

export default function ExactGpPage() {
  const { values, setParams, worker, api, problems, onRestoreDefaults } = useNotebookPage(EXACT_GP_SCHEMA, useExactGpWorker);
  const runs = useExactGpRuns(api, values, problems.length > 0);
  const own = useExactGpStore((s) => s.own);
  const runN = useExactGpStore((s) => s.runN);
  const onGpu = worker?.report.backend === 'webgpu';
  const blockedReason = problems.length ? 'Fix the settings first (see the top of the page).' : api ? null : 'Starting the training worker…';

  // A fresh visit starts from empty charts.
  useEffect(() => () => clearAll(), []);

  return (
    <NotebookArticle problems={problems} onRestoreDefaults={onRestoreDefaults} failing={FAILING} source={source} live={{
      controls: <ExactGpControls values={values} setParams={setParams} actions={runs.train} blockedReason={blockedReason} onGpu={onGpu} />,
      fit: <FitChart api={api} settings={values} />,
      training: <TrainingCharts />,
      cost: (
        <>
          <SweepControls values={values} setParams={setParams} actions={runs.sweep} blockedReason={blockedReason} onGpu={onGpu} />
          <CostChart />
        </>
      ),
      reductions: <ReductionsTable />,
      wall: <WallSection runN={runN ?? (own ? own.x.length : values.n)} />,
    }} />
  );
}
