// The gamma notebook: SVI for the concentration of a Gamma distribution, live, against the exact
// posterior, with the prose of notebooks/gamma.md around it.

import { useEffect } from 'react';
import source from '../../../../notebooks/gamma.md?raw';
import { ErrorBanner } from '../../ErrorBanner';
import { GpuFailureBanner } from '../../GpuFailureBanner';
import { Prose } from '../../Prose';
import { useGlobalParams, useUrlParams } from '../../useUrlParams';
import { GAMMA_SCHEMA } from './schema';
import { useSviWorker } from '../../worker/useSviWorker';
import { useGammaRun } from './useGammaRun';
import { clearAll, useGammaStore } from './gammaStore';
import { GammaControls } from './GammaControls';
import { GammaData } from './GammaData';
import { ElboChart, PosteriorChart } from './GammaCharts';
import { GammaFigures } from './GammaFigures';
import './gamma.css';

export default function GammaPage() {
  const { values, errors, setParams, resetParams } = useUrlParams(GAMMA_SCHEMA);
  const global = useGlobalParams();
  const worker = useSviWorker(global.values.backend);
  const api = worker?.api ?? null;
  const actions = useGammaRun(api, values);
  const own = useGammaStore((s) => s.own);
  const failed = useGammaStore((s) => s.ended === 'failed');
  const problems = errors.map((e) => e.message);
  const blockedReason = problems.length ? 'Fix the settings first (see the top of the page).' : api ? null : 'Starting the training worker…';

  // A fresh visit starts from empty charts.
  useEffect(() => () => clearAll(), []);

  return (
    <article>
      <ErrorBanner messages={problems} action={errors.length ? { label: 'Restore the default settings', onClick: resetParams } : undefined} />
      <GpuFailureBanner failed={failed} messageWhere="under the figures" />
      <Prose
        source={source}
        live={{
          data: <GammaData api={api} settings={values} setParams={setParams} />,
          controls: <GammaControls values={values} setParams={setParams} actions={actions} blockedReason={blockedReason} />,
          elbo: <ElboChart />,
          posterior: <PosteriorChart truth={own ? null : values.concentration} />,
          figures: <GammaFigures />,
        }}
      />
    </article>
  );
}
