// The gamma notebook: SVI for the concentration of a Gamma distribution, live, against the exact
// posterior, with the prose of notebooks/gamma.md around it.

import { useEffect } from 'react';
import source from '../../../../notebooks/gamma.md?raw';
import { NotebookArticle } from '../../NotebookArticle';
import { useNotebookPage } from '../../useNotebookPage';
import { GAMMA_SCHEMA } from './schema';
import { useGammaWorker } from './useGammaWorker';
import { useGammaRun } from './useGammaRun';
import { clearAll, gammaRun, useGammaStore } from './gammaStore';
import { GammaControls } from './GammaControls';
import { GammaData } from './GammaData';
import { ElboChart, PosteriorChart } from './GammaCharts';
import { GammaFigures } from './GammaFigures';
import './gamma.css';

/** The page's run, for the offer to run it on the CPU when it fails on the GPU. */
const FAILING = [{ slot: 'gamma', state: gammaRun }];

export default function GammaPage() {
  const { values, setParams, api, problems, onRestoreDefaults } = useNotebookPage(GAMMA_SCHEMA, useGammaWorker);
  const actions = useGammaRun(api, values);
  const own = useGammaStore((s) => s.own);
  const blockedReason = problems.length ? 'Fix the settings first (see the top of the page).' : api ? null : 'Starting the training worker…';

  // A fresh visit starts from empty charts.
  useEffect(() => () => clearAll(), []);

  return (
    <NotebookArticle problems={problems} onRestoreDefaults={onRestoreDefaults} failing={FAILING} source={source} live={{
      data: <GammaData api={api} settings={values} setParams={setParams} />,
      controls: <GammaControls values={values} setParams={setParams} actions={actions} blockedReason={blockedReason} />,
      elbo: <ElboChart />,
      posterior: <PosteriorChart truth={own ? null : values.concentration} />,
      figures: <GammaFigures />,
    }} />
  );
}
