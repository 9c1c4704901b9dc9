// The elasticity notebook: a hierarchical Poisson price-elasticity model trained by SVI with its
// data split across shard workers, the recovered elasticities against the truth, the two guides
// compared, and steps per second for 1, 2 and 4 shards, with the prose of notebooks/elasticity.md.

import { useEffect, useMemo } from 'react';
import source from '../../../../notebooks/elasticity.md?raw';
import { NotebookArticle } from '../../NotebookArticle';
import { useNotebookPage } from '../../useNotebookPage';
import { ELASTICITY_SCHEMA, browserCores, crossCheck } from './schema';
import { useElasticityWorker } from './useElasticityWorker';
import { useElasticityRuns } from './useElasticityRuns';
import { clearAll, speedRun, trainRun, useElasticityStore } from './elasticityStore';
import { ElasticityControls } from './ElasticityControls';
import { HierarchyFigure } from './HierarchyFigure';
import { TrainingCharts } from './TrainingCharts';
import { RecoveryChart, RecoveryFigures, ShrinkageChart } from './RecoveryCharts';
import { GuidesTable } from './GuidesTable';
import { SpeedControls, SpeedTables } from './SpeedSection';
import './elasticity.css';

/** The page's runs, for the offer to run them on the CPU when they fail on the GPU. */
const FAILING = [
  { slot: 'train', state: trainRun, name: 'training run' },
  { slot: 'speed', state: speedRun, name: 'speed measurement' },
];

export default function ElasticityPage() {
  const cores = useMemo(browserCores, []);
  const check = useMemo(() => crossCheck(cores), [cores]);
  const { values, setParams, worker, api, problems, onRestoreDefaults } = useNotebookPage(ELASTICITY_SCHEMA, useElasticityWorker, check);
  const runs = useElasticityRuns(api, values, problems.length > 0);
  const own = useElasticityStore((s) => s.own);
  const onGpu = worker?.report.backend === 'webgpu';
  const blockedReason = problems.length ? 'Fix the settings first (see the top of the page).' : api ? null : 'Starting the coordinating worker…';
  const counts = own
    ? { categories: own.categories, products: own.products, periods: own.periods, observations: own.product.length }
    : { categories: values.categories, products: values.products, periods: values.periods, observations: values.products * values.periods };

  // A fresh visit starts from empty charts.
  useEffect(() => () => clearAll(), []);

  return (
    <NotebookArticle
      problems={problems}
      onRestoreDefaults={onRestoreDefaults}
      failing={FAILING}
      source={source}
      live={{
        hierarchy: <HierarchyFigure counts={counts} />,
        controls: <ElasticityControls values={values} setParams={setParams} actions={runs.train} blockedReason={blockedReason} cores={cores} onGpu={onGpu} />,
        training: <TrainingCharts />,
        recovery: (
          <>
            <RecoveryFigures />
            <RecoveryChart />
          </>
        ),
        shrinkage: <ShrinkageChart />,
        guides: <GuidesTable />,
        speed: (
          <>
            <SpeedControls values={values} setParams={setParams} actions={runs.speed} blockedReason={blockedReason} cores={cores} />
            <SpeedTables />
          </>
        ),
      }}
    />
  );
}
