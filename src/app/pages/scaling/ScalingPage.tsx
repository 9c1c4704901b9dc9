// The scaling notebook: gradient noise against the batch size, mini-batch SGD, the linear
// scaling rule with its stability limit and warm-up, gradient accumulation, and the rule on the
// Bayesian network's ELBO; every experiment runs in the page's worker.

import { useEffect } from 'react';
import source from '../../../../notebooks/scaling.md?raw';
import { NotebookArticle } from '../../NotebookArticle';
import { useNotebookPage } from '../../useNotebookPage';
import { SCALING_SCHEMA, crossCheck } from './schema';
import type { ScalingSettings } from './schema';
import { useScalingWorker } from './useScalingWorker';
import type { ExperimentKey } from './scalingStore';
import { scalingRuns, useScalingStore } from './scalingStore';
import { useScalingRuns } from './actions';
import { VarianceSection } from './VarianceSection';
import { SgdSection } from './SgdSection';
import { RuleSection } from './RuleSection';
import { AccumulationSection } from './AccumulationSection';
import { BnnRuleSection } from './BnnRuleSection';
import './scaling.css';

/** The experiments that use the page's backend (the others run on the CPU whatever it is). */
const FAILING = [
  { slot: 'accumulation', state: scalingRuns.accumulation, name: 'gradient accumulation' },
  { slot: 'bnn', state: scalingRuns.bnn, name: 'the Bayesian network' },
];

export default function ScalingPage() {
  const { values, setParams, api, problems, onRestoreDefaults } = useNotebookPage(SCALING_SCHEMA, useScalingWorker, crossCheck);
  const blocked = problems.length ? 'Fix the settings first (see the top of the page)' : api ? null : 'Starting the worker…';

  // A fresh visit starts from empty charts.
  useEffect(() => () => useScalingStore.getState().resetAll(), []);

  const runs = useScalingRuns(api, values, problems);
  const runWith = (key: ExperimentKey) => (patch: Partial<ScalingSettings>) => {
    setParams(patch);
    runs.run(key, { ...values, ...patch });
  };
  const common = (key: ExperimentKey) => ({ values, setParams, blocked, onRun: () => runs.run(key), onRunWith: runWith(key) });

  return (
    <NotebookArticle problems={problems} onRestoreDefaults={onRestoreDefaults} failing={FAILING} source={source} live={{
      variance: <VarianceSection {...common('variance')} />,
      sgd: <SgdSection {...common('sgd')} />,
      rule: <RuleSection {...common('rule')} />,
      accumulation: <AccumulationSection {...common('accumulation')} />,
      bnnRule: <BnnRuleSection {...common('bnn')} onStop={runs.stop} onPause={runs.pause} onResume={runs.resume} />,
    }} />
  );
}
