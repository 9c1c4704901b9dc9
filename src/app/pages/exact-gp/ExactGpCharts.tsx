// The training run's figures: the posterior band over the data, redrawn from each snapshot; the
// loss and the four trained values against the step; and the latest figures in words.

import * as Plot from '@observablehq/plot';
import { useEffect, useMemo, useState } from 'react';
import { LineChart, PlotFigure } from '../../charts';
import { sig } from '../../format';
import { exactGpTarget } from '../../../engine/models/exactGp';
import type { ExactGpSettings } from './schema';
import type { ExactGpApi } from './useExactGpWorker';
import { exactGpLive, useExactGpStore } from './exactGpStore';

const chartStyle = { fontSize: '15px', fontFamily: 'inherit', overflow: 'visible' } as const;
/** Most data points drawn as dots (a thinned subset beyond it). */
const MAX_DOTS = 2000;

interface Points {
  x: Float64Array;
  y: Float64Array;
}

/** The points in use: your own, or the generated ones for the current settings from the worker (null while on their way). */
function useDataPoints(api: ExactGpApi | null, n: number, seed: number): Points | null {
  const own = useExactGpStore((s) => s.own);
  const [generated, setGenerated] = useState<{ key: string; points: Points } | null>(null);
  const key = `${n}:${seed}`;
  useEffect(() => {
    if (!api || own) return;
    let live = true;
    void api.exactGpData({ kind: 'generated', n, seed }).then((points) => {
      if (live) setGenerated({ key, points });
    });
    return () => {
      live = false;
    };
  }, [api, own, n, seed, key]);
  if (own) return { x: own.x, y: own.y };
  return generated?.key === key ? generated.points : null;
}

export function FitChart({ api, settings }: { api: ExactGpApi | null; settings: ExactGpSettings }) {
  const points = useDataPoints(api, settings.n, settings.seed);
  const own = useExactGpStore((s) => s.own);
  const step = useExactGpStore((s) => s.step);
  const dots = useMemo(() => {
    if (!points) return [];
    const stride = Math.max(1, Math.ceil(points.x.length / MAX_DOTS));
    const out: { x: number; y: number }[] = [];
    for (let i = 0; i < points.x.length; i += stride) out.push({ x: points.x[i], y: points.y[i] });
    return out;
  }, [points]);
  const build = (width: number): Element => {
    const band = exactGpLive.band.get();
    const rows = band ? Array.from(band.grid, (x, i) => ({ x, mean: band.mean[i], lower: band.lower[i], upper: band.upper[i] })) : [];
    const truth = own ? [] : Array.from({ length: 201 }, (_, i) => ({ x: i / 200, y: exactGpTarget(i / 200) }));
    const marks: Plot.Markish[] = [
      Plot.frame({ stroke: '#c8ccd2' }),
      Plot.areaY(rows, { x: 'x', y1: 'lower', y2: 'upper', fill: '#0072b2', fillOpacity: 0.18 }),
      Plot.line(truth, { x: 'x', y: 'y', stroke: '#3b3f45', strokeDasharray: '5,4', strokeWidth: 1.5 }),
      Plot.dot(dots, { x: 'x', y: 'y', r: 2.2, fill: '#3b3f45', fillOpacity: 0.7 }),
      Plot.line(rows, { x: 'x', y: 'mean', stroke: '#0072b2', strokeWidth: 2.5 }),
    ];
    if (!band) marks.push(Plot.text(['Run the training to draw the posterior'], { frameAnchor: 'top', dy: 14, fill: '#5b6169' }));
    const figure = Plot.plot({
      width,
      height: 340,
      marginLeft: 56,
      marginBottom: 44,
      style: chartStyle,
      x: { label: 'x', labelAnchor: 'center', labelArrow: 'none' },
      y: { label: 'y', labelAnchor: 'center', labelArrow: 'none', grid: true },
      marks,
    });
    figure.setAttribute('data-band', band ? String(band.grid.length) : '0');
    figure.setAttribute('data-dots', String(dots.length));
    return figure;
  };
  return (
    <figure className="chart">
      <figcaption className="chart-title">
        {step > 0 ? `Posterior mean ± 2 sd of a new observation after ${step.toLocaleString('en-US')} steps` : 'The data'}
        {own ? '' : ', with sin(2πx) dashed'}
      </figcaption>
      <PlotFigure build={build} sources={[exactGpLive.band]} ariaLabel="The data, the posterior mean and its band of two standard deviations" minHeight={340} />
      <p className="chart-legend-line">
        <span className="swatch swatch-band" /> mean ± 2 sd <span className="swatch swatch-mean" /> posterior mean <span className="swatch swatch-dot" /> data
      </p>
    </figure>
  );
}

const HYPER_LABELS: Record<string, string> = {
  outputscale: 'outputscale s²',
  lengthscale: 'lengthscale ℓ',
  noise: 'noise variance σ²',
  mean: 'constant mean c',
};

function TrainingFigures() {
  const s = useExactGpStore();
  if (s.step === 0) return <p className="data-note">No training run yet.</p>;
  return (
    <p className="data-note" data-testid="exact-gp-figures">
      Step <strong data-figure="step">{s.step.toLocaleString('en-US')}</strong> of {s.runSteps.toLocaleString('en-US')} on {s.runN?.toLocaleString('en-US')} points ({s.runPath} path), {sig(s.seconds)} s of training; loss{' '}
      <strong data-figure="loss">{sig(s.lastLoss, 5)}</strong>. Outputscale s² = {sig(s.latest.outputscale)}, lengthscale ℓ = {sig(s.latest.lengthscale)}, noise variance σ² ={' '}
      {sig(s.latest.noise)}, mean c = {sig(s.latest.mean)}
      {s.rmse !== null ? <>; RMSE of the mean against sin(2πx): {sig(s.rmse)}</> : null}.
    </p>
  );
}

export function TrainingCharts() {
  const hyperSeries = useMemo(
    () => ({
      get: () => exactGpLive.hyperparameters.get().map((s) => ({ ...s, name: HYPER_LABELS[s.name] ?? s.name })),
      subscribe: (l: () => void) => exactGpLive.hyperparameters.subscribe(l),
    }),
    [],
  );
  return (
    <div>
      <TrainingFigures />
      <div className="exact-gp-pair">
        <LineChart series={exactGpLive.loss} x={{ label: 'step' }} y={{ label: 'loss per point' }} legend={false} height={280} ariaLabel="Negative log marginal likelihood per point against step" title="Loss against step" />
        <LineChart series={hyperSeries} x={{ label: 'step' }} y={{ label: 'value' }} legend height={280} ariaLabel="Outputscale, lengthscale, noise variance and constant mean against step" title="Hyperparameters against step" />
      </div>
    </div>
  );
}
