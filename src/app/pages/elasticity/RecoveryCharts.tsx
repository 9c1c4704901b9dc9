// What the run recovered: each product's posterior elasticity against the truth with its 90
// percent interval, and how far the products' estimates are drawn towards their category's.

import * as Plot from '@observablehq/plot';
import { PlotFigure } from '../../charts';
import { chartStyle } from '../../charts/axes';
import { sig } from '../../format';
import { Z90 } from '../../../engine/experiments/elasticityNotebook';
import type { ElasticitySnapshot } from '../../../workers/elasticity/protocol';
import { elasticityLive, useElasticityStore } from './elasticityStore';

/** Most products drawn (an even subset beyond it: the intervals would be a solid block). */
const MAX_PRODUCTS = 1500;
const BLUE = '#0072b2';
const ORANGE = '#d55e00';
const GREY = '#5b6169';

function strideOf(n: number): number {
  return Math.max(1, Math.ceil(n / MAX_PRODUCTS));
}

/** A line of text in the middle of an empty chart, wrapped to its width (Plot's lineWidth is in ems). */
function emptyNote(text: string, width: number): Plot.Markish {
  return Plot.text([text], { frameAnchor: 'middle', fill: GREY, fontSize: 15, lineWidth: Math.max(8, (width - 120) / 15) });
}

/** Standard deviation of the values. */
function spread(values: readonly number[]): number {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
}

/**
 * How much of the true spread of the products around their category survives in the posterior
 * means: sd(posterior mean - its category's posterior mean) / sd(truth - its category's truth).
 * Below 1 the estimates are pulled towards their category (shrinkage); null without a truth.
 */
export function shrinkageRatio(s: ElasticitySnapshot): number | null {
  if (!s.truthProducts || !s.truthCategories) return null;
  const post: number[] = [];
  const truth: number[] = [];
  for (let i = 0; i < s.mean.length; i++) {
    const c = s.productCategory[i];
    post.push(s.mean[i] - s.categoryMeans[c]);
    truth.push(s.truthProducts[i] - s.truthCategories[c]);
  }
  const t = spread(truth);
  return t > 0 ? spread(post) / t : null;
}

export function RecoveryChart() {
  const build = (width: number): Element => {
    const s = elasticityLive.posterior.get();
    const rows: { truth: number; mean: number; lo: number; hi: number; inside: boolean }[] = [];
    if (s?.truthProducts) {
      const stride = strideOf(s.mean.length);
      for (let i = 0; i < s.mean.length; i += stride) {
        const half = Z90 * s.sd[i];
        const truth = s.truthProducts[i];
        rows.push({ truth, mean: s.mean[i], lo: s.mean[i] - half, hi: s.mean[i] + half, inside: Math.abs(truth - s.mean[i]) <= half });
      }
    }
    const extent = rows.length ? [Math.min(...rows.map((r) => Math.min(r.truth, r.lo))), Math.max(...rows.map((r) => Math.max(r.truth, r.hi)))] : [-4, 0];
    const marks: Plot.Markish[] = [
      Plot.frame({ stroke: '#c8ccd2' }),
      Plot.line(extent.map((v) => ({ v })), { x: 'v', y: 'v', stroke: '#3b3f45', strokeDasharray: '5,4', strokeWidth: 1.5 }),
      Plot.ruleX(rows, { x: 'truth', y1: 'lo', y2: 'hi', stroke: (r: { inside: boolean }) => (r.inside ? BLUE : ORANGE), strokeOpacity: 0.35 }),
      Plot.dot(rows, { x: 'truth', y: 'mean', r: 2.2, fill: (r: { inside: boolean }) => (r.inside ? BLUE : ORANGE) }),
    ];
    if (!s) marks.push(emptyNote('Run the training to draw the recovered elasticities', width));
    const figure = Plot.plot({
      width,
      height: 380,
      marginLeft: 72,
      marginBottom: 44,
      style: chartStyle,
      x: { label: 'true elasticity β_i', labelAnchor: 'center', labelArrow: 'none', domain: extent },
      y: { label: 'posterior mean with 90 % interval', labelAnchor: 'center', labelArrow: 'none', labelOffset: 60, grid: true, domain: extent },
      marks,
    });
    figure.setAttribute('data-products', String(rows.length));
    return figure;
  };
  return (
    <figure className="chart">
      <figcaption className="chart-title">Recovered product elasticities against the truth</figcaption>
      <PlotFigure build={build} sources={[elasticityLive.posterior]} ariaLabel="Posterior mean of each product's elasticity against its true value, with 90 percent intervals and the line y = x" minHeight={380} />
      <p className="chart-legend-line">
        <span className="elasticity-swatch elasticity-swatch-in" /> interval holds the truth <span className="elasticity-swatch elasticity-swatch-out" /> interval misses it <span className="elasticity-swatch elasticity-swatch-diagonal" /> y = x
      </p>
    </figure>
  );
}

export function ShrinkageChart() {
  const build = (width: number): Element => {
    const s = elasticityLive.posterior.get();
    const dots: { x: number; y: number; kind: string }[] = [];
    const means: { x1: number; x2: number; y: number; kind: string }[] = [];
    const C = s ? s.categoryMeans.length : 0;
    if (s) {
      const stride = strideOf(s.mean.length);
      for (let i = 0; i < s.mean.length; i += stride) {
        const c = s.productCategory[i];
        // A fixed spread within each column (no random numbers: the picture never jumps).
        const jitter = (((i * 0.6180339887) % 1) - 0.5) * 0.22;
        dots.push({ x: c + (s.truthProducts ? 0.18 : 0) + jitter, y: s.mean[i], kind: 'posterior' });
        if (s.truthProducts) dots.push({ x: c - 0.18 + jitter, y: s.truthProducts[i], kind: 'truth' });
      }
      for (let c = 0; c < C; c++) {
        means.push({ x1: c - 0.42, x2: c + 0.42, y: s.categoryMeans[c], kind: 'posterior' });
        if (s.truthCategories) means.push({ x1: c - 0.42, x2: c + 0.42, y: s.truthCategories[c], kind: 'truth' });
      }
    }
    const colour = (d: { kind: string }) => (d.kind === 'truth' ? '#9aa3ad' : BLUE);
    const ticks = C <= 20 ? Array.from({ length: C }, (_, c) => c) : Array.from({ length: 11 }, (_, k) => Math.round((k * (C - 1)) / 10));
    const marks: Plot.Markish[] = [
      Plot.frame({ stroke: '#c8ccd2' }),
      Plot.dot(dots, { x: 'x', y: 'y', r: 1.8, fill: colour, fillOpacity: 0.7 }),
      Plot.ruleY(
        means.filter((m) => m.kind === 'truth'),
        { y: 'y', x1: 'x1', x2: 'x2', stroke: '#3b3f45', strokeWidth: 2, strokeDasharray: '4,3' },
      ),
      Plot.ruleY(
        means.filter((m) => m.kind === 'posterior'),
        { y: 'y', x1: 'x1', x2: 'x2', stroke: ORANGE, strokeWidth: 2.5 },
      ),
    ];
    if (!s) marks.push(emptyNote('Run the training to see the products drawn towards their categories', width));
    return Plot.plot({
      width,
      height: 340,
      marginLeft: 72,
      marginBottom: 44,
      style: chartStyle,
      x: { label: 'category', labelAnchor: 'center', labelArrow: 'none', domain: [-0.6, Math.max(0, C - 1) + 0.6], ticks, tickFormat: (c: number) => String(c) },
      y: { label: 'elasticity', labelAnchor: 'center', labelArrow: 'none', labelOffset: 60, grid: true },
      marks,
    });
  };
  return (
    <figure className="chart">
      <figcaption className="chart-title">Products by category: their estimates and the category means they are drawn towards</figcaption>
      <PlotFigure build={build} sources={[elasticityLive.posterior]} ariaLabel="Each product's posterior elasticity in its category's column, the true values beside them, and each category's posterior and true mean as a bar" minHeight={340} />
      <p className="chart-legend-line">
        <span className="elasticity-swatch elasticity-swatch-in" /> posterior mean of a product <span className="elasticity-swatch elasticity-swatch-truth" /> its true value <span className="elasticity-swatch elasticity-swatch-category" /> posterior category mean{' '}
        <span className="elasticity-swatch elasticity-swatch-category-truth" /> true category mean
      </p>
      <ShrinkageNote />
    </figure>
  );
}

function ShrinkageNote() {
  const step = useElasticityStore((s) => s.step);
  const s = elasticityLive.posterior.get();
  if (!s || step === 0) return null;
  const ratio = shrinkageRatio(s);
  if (ratio === null)
    return <p className="data-note">Your own data come without known elasticities, so only the estimates and their category means are drawn; how far they are pulled in cannot be measured against a truth.</p>;
  return (
    <p className="data-note" data-testid="shrinkage-note">
      Around their category means the posterior means spread <strong data-figure="shrinkage">{sig(ratio, 2)}</strong> times as much as the true elasticities do
      {ratio < 1 ? ': each estimate is pulled part of the way towards its category.' : '.'}
    </p>
  );
}

export function RecoveryFigures() {
  const step = useElasticityStore((s) => s.step);
  const s = elasticityLive.posterior.get();
  if (!s || step === 0) return null;
  if (s.betaRmse === null || s.coverage90 === null)
    return (
      <p className="data-note" data-testid="recovery-figures">
        Your own data come without known elasticities, so there is no truth to measure the error and the coverage against: the recovery chart stays empty and the table below shows the final loss only.
      </p>
    );
  return (
    <p className="data-note" data-testid="recovery-figures">
      Global elasticity: posterior mean <strong>{sig(s.betaG)}</strong>, true {sig(s.truthGlobal)}. Product elasticities: RMSE <strong data-figure="rmse">{sig(s.betaRmse)}</strong>; 90 percent intervals hold the
      truth for <strong data-figure="coverage">{(100 * s.coverage90).toFixed(0)} %</strong> of the products.
    </p>
  );
}
