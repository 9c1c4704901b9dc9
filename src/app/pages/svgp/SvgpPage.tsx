// The svgp notebook: full-batch against mini-batch training of a sparse
// variational GP, live, with the prose of notebooks/svgp.md around it.

import { useEffect } from 'react';
import source from '../../../../notebooks/svgp.md?raw';
import { ErrorBanner } from '../../ErrorBanner';
import { GpuFailureBanner } from '../../GpuFailureBanner';
import { Prose } from '../../Prose';
import { useGlobalParams, useUrlParams } from '../../useUrlParams';
import { useTrainingWorker } from '../../worker/trainingClient';
import { SVGP_SCHEMA, crossCheck } from './schema';
import { useSvgpRuns } from './useSvgpRuns';
import { clearRun, useSvgpStore } from './svgpStore';
import { SvgpControls } from './SvgpControls';
import { SvgpFigures, SvgpHyperparameters } from './SvgpFigures';
import { LossByStep, LossByTime, Posteriors, TargetHeatmap, useDataOverlay } from './SvgpCharts';
import './svgp.css';

export default function SvgpPage() {
  const { values, errors, setParams } = useUrlParams(SVGP_SCHEMA);
  const global = useGlobalParams();
  const worker = useTrainingWorker(global.values.backend);
  const api = worker?.api ?? null;
  const actions = useSvgpRuns(api, values);
  const points = useDataOverlay(api, values.n, values.dataSeed);
  const problems = [...errors.map((e) => e.message), ...crossCheck(values)];
  const blockedReason = problems.length ? 'Fix the settings above first.' : api ? null : 'Starting the training worker…';
  const failed = useSvgpStore((s) => s.runs.full.ended === 'failed' || s.runs.mini.ended === 'failed');

  // A fresh visit starts from empty charts.
  useEffect(() => () => (['full', 'mini'] as const).forEach(clearRun), []);


  return (
    <article>
      <ErrorBanner messages={problems} />
      <GpuFailureBanner failed={failed} messageWhere="under the figures" />
      <Prose
        source={source}
        live={{
          target: <TargetHeatmap points={points} />,
          controls: <SvgpControls values={values} setParams={setParams} actions={actions} blockedReason={blockedReason} />,
          lossWallclock: <LossByTime />,
          lossStep: <LossByStep />,
          figures: <SvgpFigures n={values.n} b={values.batch} />,
          posteriors: <Posteriors />,
          hyperparameters: <SvgpHyperparameters />,
        }}
      />
    </article>
  );
}
