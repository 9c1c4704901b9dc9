// The scaling notebook: gradient noise against the batch size, mini-batch SGD, the linear
// scaling rule with its stability limit and warm-up, gradient accumulation, and the rule on the
// Bayesian network's ELBO; every experiment runs in the page's worker.

import { useEffect } from 'react';
import source from '../../../../notebooks/scaling.md?raw';
import { ErrorBanner } from '../../ErrorBanner';
import { Prose } from '../../Prose';
import { useGlobalParams, useUrlParams } from '../../useUrlParams';
import { SCALING_SCHEMA, crossCheck } from './schema';
import type { ScalingSettings } from './schema';
import { useScalingWorker } from './useScalingWorker';
import { useScalingStore } from './scalingStore';
import { runAccumulation, runBnnRule, runRule, runSgd, runVariance, stopBnnRule } from './actions';
import { VarianceSection } from './VarianceSection';
import { SgdSection } from './SgdSection';
import { RuleSection } from './RuleSection';
import { AccumulationSection } from './AccumulationSection';
import { BnnRuleSection } from './BnnRuleSection';
import './scaling.css';

export default function ScalingPage() {
  const { values, errors, setParams, resetParams } = useUrlParams(SCALING_SCHEMA);
  const global = useGlobalParams();
  const worker = useScalingWorker(global.values.backend);
  const api = worker?.api ?? null;
  const problems = [...errors.map((e) => e.message), ...crossCheck(values)];
  const blocked = problems.length ? 'Fix the settings first (see the top of the page)' : api ? null : 'Starting the worker…';

  // A fresh visit starts from empty charts.
  useEffect(() => () => useScalingStore.getState().resetAll(), []);

  const run = (f: typeof runVariance) => () => {
    if (api && problems.length === 0) void f(api, values);
  };
  const runWith = (f: typeof runVariance) => (patch: Partial<ScalingSettings>) => {
    setParams(patch);
    if (api && problems.length === 0) void f(api, { ...values, ...patch });
  };
  const common = (f: typeof runVariance) => ({ values, setParams, blocked, onRun: run(f), onRunWith: runWith(f) });

  return (
    <article>
      <ErrorBanner messages={problems} action={errors.length ? { label: 'Restore the default settings', onClick: resetParams } : undefined} />
      <Prose
        source={source}
        live={{
          variance: <VarianceSection {...common(runVariance)} />,
          sgd: <SgdSection {...common(runSgd)} />,
          rule: <RuleSection {...common(runRule)} />,
          accumulation: <AccumulationSection {...common(runAccumulation)} />,
          bnnRule: <BnnRuleSection {...common(runBnnRule)} onStop={() => api && stopBnnRule(api)} />,
        }}
      />
    </article>
  );
}
