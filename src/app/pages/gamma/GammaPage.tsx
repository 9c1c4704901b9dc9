// The gamma notebook: SVI for the concentration of a Gamma distribution, live, against the exact
// posterior, with the prose of notebooks/gamma.md around it.

import { useEffect } from 'react';
import source from '../../../../notebooks/gamma.md?raw';
import { ErrorBanner } from '../../ErrorBanner';
import { Prose } from '../../Prose';
import { useGlobalParams, useUrlParams } from '../../useUrlParams';
import { hrefFor, navigate, useHashLocation } from '../../router';
import { GAMMA_SCHEMA } from './schema';
import { useSviWorker } from './useSviWorker';
import { useGammaRun } from './useGammaRun';
import { clearAll, useGammaStore } from './gammaStore';
import { GammaControls } from './GammaControls';
import { GammaData } from './GammaData';
import { ElboChart, PosteriorChart } from './GammaCharts';
import { GammaFigures } from './GammaFigures';

export default function GammaPage() {
  const { values, errors, setParams, resetParams } = useUrlParams(GAMMA_SCHEMA);
  const global = useGlobalParams();
  const worker = useSviWorker(global.values.backend);
  const api = worker?.api ?? null;
  const actions = useGammaRun(api, values);
  const own = useGammaStore((s) => s.own);
  const failed = useGammaStore((s) => s.ended === 'failed');
  const { path, query } = useHashLocation();
  const useCpu = () => {
    const q = new URLSearchParams(query);
    q.set('backend', 'cpu');
    navigate(hrefFor(path, q));
  };
  const problems = errors.map((e) => e.message);
  const blockedReason = problems.length ? 'Fix the settings first (see the top of the page).' : api ? null : 'Starting the training worker…';

  // A fresh visit starts from empty charts.
  useEffect(() => () => clearAll(), []);

  return (
    <article>
      <ErrorBanner messages={problems} action={errors.length ? { label: 'Restore the default settings', onClick: resetParams } : undefined} />
      {failed && global.values.backend !== 'cpu' ? (
        <ErrorBanner
          title="The run failed"
          messages={['The computation stopped with an error (see the message under the figures). The CPU can run the same notebook.']}
          action={{ label: 'Run on the CPU instead', onClick: useCpu }}
        />
      ) : null}
      <Prose
        source={source}
        live={{
          data: <GammaData api={api} settings={values} setParams={setParams} />,
          controls: <GammaControls values={values} setParams={setParams} actions={actions} blockedReason={blockedReason} />,
          elbo: <ElboChart />,
          posterior: <PosteriorChart truth={own ? null : values.a} />,
          figures: <GammaFigures />,
        }}
      />
    </article>
  );
}
