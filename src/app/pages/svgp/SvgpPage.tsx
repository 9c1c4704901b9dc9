// The svgp notebook: full-batch against mini-batch training of a sparse
// variational GP, live, with the prose of notebooks/svgp.md around it.

import { useEffect } from 'react';
import source from '../../../../notebooks/svgp.md?raw';
import { NotebookArticle } from '../../NotebookArticle';
import { useNotebookPage } from '../../useNotebookPage';
import { useSvgpWorker } from './useSvgpWorker';
import { SVGP_SCHEMA, crossCheck } from './schema';
import { useSvgpRuns } from './useSvgpRuns';
import { RUN_NAMES, clearRun, svgpRuns } from './svgpStore';
import { SvgpControls } from './SvgpControls';
import { SvgpFigures, SvgpHyperparameters } from './SvgpFigures';
import { LossByStep, LossByTime, Posteriors, TargetHeatmap, useDataOverlay } from './SvgpCharts';
import './svgp.css';

/** The page's runs, for the offer to run them on the CPU when they fail on the GPU. */
const FAILING = (['full', 'mini'] as const).map((kind) => ({ slot: kind, state: svgpRuns[kind], name: RUN_NAMES[kind] }));

export default function SvgpPage() {
  const { values, setParams, api, problems, onRestoreDefaults } = useNotebookPage(SVGP_SCHEMA, useSvgpWorker, crossCheck);
  const actions = useSvgpRuns(api, values);
  const points = useDataOverlay(api, values.n, values.dataSeed);
  const blockedReason = problems.length ? 'Fix the settings above first.' : api ? null : 'Starting the training worker…';

  // A fresh visit starts from empty charts.
  useEffect(() => () => (['full', 'mini'] as const).forEach(clearRun), []);

  return (
    <NotebookArticle problems={problems} onRestoreDefaults={onRestoreDefaults} failing={FAILING} source={source} live={{
      target: <TargetHeatmap points={points} />,
      controls: <SvgpControls values={values} setParams={setParams} actions={actions} blockedReason={blockedReason} />,
      lossWallclock: <LossByTime />,
      lossStep: <LossByStep />,
      figures: <SvgpFigures n={values.n} b={values.batch} />,
      posteriors: <Posteriors />,
      hyperparameters: <SvgpHyperparameters />,
    }} />
  );
}
