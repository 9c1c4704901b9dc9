// The svgp page's pictures: the target, the two loss charts and the posterior means.

import { useEffect, useMemo, useState } from 'react';
import { Heatmap, LineChart } from '../../charts';
import type { Grid, Live, PointSet, Series, XAxis } from '../../charts';
import { SVGP_DEFAULTS, evaluationGrid, targetOnPoints } from '../../../engine/models/svgp';
import { sig } from '../../format';
import type { SvgpApi } from './useSvgpWorker';
import { RUN_NAMES, svgpLive, useSvgpStore } from './svgpStore';
import { useDisagreement } from './SvgpFigures';

const GRID = SVGP_DEFAULTS.gridSize;
const SIDE = [-SVGP_DEFAULTS.domain, SVGP_DEFAULTS.domain] as const;
const EXTENT = { x: SIDE, y: SIDE } as const;
const DOMAIN = [-0.8, 0.8] as const;
const COLOURS = { [RUN_NAMES.full]: '#1f5fa8', [RUN_NAMES.mini]: '#d0561b' };

/** The true function on the grid, computed once. */
function useTruth(): Grid {
  return useMemo(() => ({ values: targetOnPoints(evaluationGrid(GRID)), width: GRID, height: GRID }), []);
}

/** Every 50th training point, from the worker that generates the data. */
export function useDataOverlay(api: SvgpApi | null, n: number, dataSeed: number): PointSet | null {
  const [points, setPoints] = useState<PointSet | null>(null);
  useEffect(() => {
    if (!api) return;
    let live = true;
    void api.svgpData({ n, dataSeed }, 50).then(({ x }) => {
      if (!live) return;
      const k = x.length / 2;
      setPoints({ x: Float32Array.from({ length: k }, (_, i) => x[2 * i]), y: Float32Array.from({ length: k }, (_, i) => x[2 * i + 1]) });
    });
    return () => {
      live = false;
    };
  }, [api, n, dataSeed]);
  return points;
}

export function TargetHeatmap({ points }: { points: PointSet | null }) {
  const truth = useTruth();
  return (
    <Heatmap
      grid={truth}
      extent={EXTENT}
      domain={DOMAIN}
      colourLabel="f(x)"
      xLabel="x₁"
      yLabel="x₂"
      title="Target f with every 50th training input"
      ariaLabel="Heatmap of the target function with training inputs overlaid"
      points={points}
      maxWidth={440}
    />
  );
}

/** Both runs' negative ELBO on a symmetric log scale (it starts near 5e5 and ends below zero). */
function LossChart({ series, x, against, title }: { series: Live<readonly Series[]>; x: XAxis; against: string; title: string }) {
  return (
    <LineChart
      series={series}
      x={x}
      y={{ label: 'negative ELBO', type: 'symlog', constant: 1000 }}
      colours={COLOURS}
      ariaLabel={`Negative ELBO against ${against} for the full-batch and mini-batch runs`}
      title={title}
    />
  );
}

export function LossByTime() {
  return <LossChart series={svgpLive.lossByTime} x={{ label: 'training time', unit: 's' }} against="training time" title="Loss against wall-clock time" />;
}

export function LossByStep() {
  return <LossChart series={svgpLive.lossByStep} x={{ label: 'step', type: 'log' }} against="step" title="Loss against step" />;
}

export function Posteriors() {
  const truth = useTruth();
  const fullRmse = useSvgpStore((s) => s.runs.full.rmse);
  const miniRmse = useSvgpStore((s) => s.runs.mini.rmse);
  const disagreement = useDisagreement();
  const common = { extent: EXTENT, domain: DOMAIN, colourLabel: 'posterior mean', xLabel: 'x₁', yLabel: 'x₂', maxWidth: 300 } as const;
  return (
    <div>
      <div className="heatmap-row">
        <Heatmap {...common} grid={truth} colourLabel="f(x)" title="Truth" ariaLabel="Heatmap of the true function" />
        <Heatmap
          {...common}
          grid={svgpLive.posterior.full}
          markers={svgpLive.inducing.full}
          title={`Full batch · RMSE ${sig(fullRmse)}`}
          ariaLabel="Heatmap of the full-batch posterior mean with its inducing inputs"
        />
        <Heatmap
          {...common}
          grid={svgpLive.posterior.mini}
          markers={svgpLive.inducing.mini}
          title={`Mini-batch · RMSE ${sig(miniRmse)}`}
          ariaLabel="Heatmap of the mini-batch posterior mean with its inducing inputs"
        />
      </div>
      <p>
        Full batch against mini-batch: grid RMSE <strong>{sig(disagreement)}</strong>.
      </p>
    </div>
  );
}
