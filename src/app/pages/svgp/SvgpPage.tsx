// The svgp notebook: full-batch against mini-batch training of a sparse
// variational GP, live, with the prose of notebooks/svgp.md around it.

import { useEffect } from 'react';
import source from '../../../../notebooks/svgp.md?raw';
import { ErrorBanner } from '../../ErrorBanner';
import { Prose } from '../../Prose';
import { useGlobalParams, useUrlParams } from '../../useUrlParams';
import { useTrainingWorker } from '../../worker/trainingClient';
import { navigate, hrefFor, useHashLocation } from '../../router';
import { SVGP_SCHEMA, crossCheck } from './schema';
import { useSvgpRuns } from './useSvgpRuns';
import { clearRun, useSvgpStore } from './svgpStore';
import { SvgpControls } from './SvgpControls';
import { SvgpFigures, SvgpHyperparameters } from './SvgpFigures';
import { LossByStep, LossByTime, Posteriors, TargetHeatmap, useDataOverlay } from './SvgpCharts';

export default function SvgpPage() {
  const { values, errors, setParams } = useUrlParams(SVGP_SCHEMA);
  const global = useGlobalParams();
  const { path, query } = useHashLocation();
  const worker = useTrainingWorker(global.values.backend);
  const api = worker?.api ?? null;
  const actions = useSvgpRuns(api, values);
  const points = useDataOverlay(api, values.n, values.dataSeed);
  const problems = [...errors.map((e) => e.message), ...crossCheck(values)];
  const blockedReason = problems.length ? 'Fix the settings above first.' : api ? null : 'Starting the training worker…';
  const failed = useSvgpStore((s) => s.runs.full.ended === 'failed' || s.runs.mini.ended === 'failed');

  // A fresh visit starts from empty charts.
  useEffect(() => () => (['full', 'mini'] as const).forEach(clearRun), []);

  const useCpu = () => {
    const q = new URLSearchParams(query);
    q.set('backend', 'cpu');
    navigate(hrefFor(path, q));
  };

  return (
    <article>
      <ErrorBanner messages={problems} />
      {failed && global.values.backend !== 'cpu' ? (
        <ErrorBanner
          title="The GPU run failed"
          messages={['The computation on the GPU stopped with an error (see the message under the figures). The CPU can run the same notebook.']}
          action={{ label: 'Run on the CPU instead', onClick: useCpu }}
        />
      ) : null}
      <Prose
        source={source}
        live={{
          target: <TargetHeatmap points={points} />,
          controls: <SvgpControls values={values} setParams={setParams} actions={actions} blockedReason={blockedReason} />,
          lossWallclock: <LossByTime />,
          lossStep: <LossByStep />,
          figures: <SvgpFigures n={values.n} b={values.b} />,
          posteriors: <Posteriors />,
          hyperparameters: <SvgpHyperparameters />,
        }}
      />
    </article>
  );
}
