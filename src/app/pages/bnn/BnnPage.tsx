// The bnn notebook: a Bayesian neural network on two moons trained with SVI, live, with the
// prose of notebooks/bnn.md around it.

import { useEffect } from 'react';
import source from '../../../../notebooks/bnn.md?raw';
import { NotebookArticle } from '../../NotebookArticle';
import { useNotebookPage } from '../../useNotebookPage';
import { useBnnWorker } from './useBnnWorker';
import { BNN_SCHEMA } from './schema';
import { useBnnData, useBnnPrior, useBnnRun, useScheduleCurve } from './useBnnRun';
import { bnnRun, clearAll, useBnnStore } from './bnnStore';
import { BnnData } from './BnnData';
import { BnnPrior } from './BnnPrior';
import { BnnControls } from './BnnControls';
import { BnnProgress } from './BnnProgress';
import { LossCharts, PredictiveHeatmaps, RocChart, ScheduleChart } from './BnnCharts';
import './bnn.css';

const MAX_SEED = BNN_SCHEMA.dataSeed.max;

/** The page's run, for the offer to run it on the CPU when it fails on the GPU. */
const FAILING = [{ slot: 'bnn', state: bnnRun }];

export default function BnnPage() {
  const { values, setParams, api, problems, onRestoreDefaults } = useNotebookPage(BNN_SCHEMA, useBnnWorker);
  useBnnData(api, values.dataSeed);
  useBnnPrior(api, values.priorSeed);
  useScheduleCurve(values.optimizer, values.steps);
  const actions = useBnnRun(api, values);
  const hasData = useBnnStore((s) => s.split !== null);
  const blockedReason = problems.length ? 'Fix the settings first (see the top of the page).' : !api ? 'Starting the training worker…' : !hasData ? 'Preparing the data…' : null;

  // A fresh visit starts from empty charts.
  useEffect(() => () => clearAll(), []);

  return (
    <NotebookArticle problems={problems} onRestoreDefaults={onRestoreDefaults} failing={FAILING} source={source} live={{
      data: <BnnData dataSeed={values.dataSeed} onNewData={() => setParams({ dataSeed: (values.dataSeed + 1) % (MAX_SEED + 1) })} />,
      prior: <BnnPrior seed={values.priorSeed} onNewDraws={() => setParams({ priorSeed: (values.priorSeed + 1) % (MAX_SEED + 1) })} />,
      controls: <BnnControls values={values} setParams={setParams} actions={actions} blockedReason={blockedReason} />,
      schedule: <ScheduleChart optimizer={values.optimizer} />,
      losses: <LossCharts />,
      progress: <BnnProgress />,
      predictive: <PredictiveHeatmaps />,
      roc: <RocChart />,
    }} />
  );
}
