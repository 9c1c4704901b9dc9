// The prior predictive check: p(x) for a few networks drawn from the prior, as small multiples
// on the plane of the predictive heatmaps, with one colour legend.

import * as Plot from '@observablehq/plot';
import { PlotFigure } from '../../charts';
import { GRID, PRIOR } from './schema';
import { useBnnStore } from './bnnStore';

const chartStyle = { fontSize: '13px', fontFamily: 'inherit', overflow: 'visible' } as const;
const COLOUR = { type: 'linear', domain: [0, 1], scheme: 'BuRd', label: 'p(x) = P(label 1 | x)' } as const;
const E = GRID.extent;

function Panel({ values, index }: { values: Float32Array; index: number }) {
  const build = (available: number): Element =>
    Plot.plot({
      width: Math.min(available, 220),
      aspectRatio: 1,
      marginLeft: 28,
      marginRight: 6,
      marginTop: 6,
      marginBottom: 24,
      style: chartStyle,
      x: { domain: [-E, E], ticks: [-5, 0, 5], label: null },
      y: { domain: [-E, E], ticks: [-5, 0, 5], label: null },
      color: COLOUR,
      marks: [
        Plot.raster(values, { width: PRIOR.size, height: PRIOR.size, x1: -E, x2: E, y1: -E, y2: E, imageRendering: 'auto' }),
        Plot.frame({ stroke: '#6b7178' }),
      ],
    });
  return (
    <figure className="chart prior-panel">
      <figcaption>draw {index + 1}</figcaption>
      <PlotFigure build={build} ariaLabel={`Decision surface of prior draw ${index + 1}`} minHeight={200} />
    </figure>
  );
}

export function BnnPrior({ seed, onNewDraws }: { seed: number; onNewDraws: () => void }) {
  const prior = useBnnStore((s) => s.prior);
  return (
    <div aria-label="Prior predictive check">
      <div className="run-line">
        <button type="button" className="button" onClick={onNewDraws}>
          Draw other networks
        </button>
        <span className="data-note">
          {PRIOR.count} networks from the prior (seed {seed}), over [−{E}, {E}]².
        </span>
      </div>
      {prior ? (
        <div className="prior-grid">
          {prior.map((v, i) => (
            <Panel key={i} values={v} index={i} />
          ))}
        </div>
      ) : (
        <p className="loading">Drawing networks from the prior…</p>
      )}
      <PlotFigure build={() => Plot.legend({ color: COLOUR, width: 320, style: { fontSize: '14px', fontFamily: 'inherit' } })} ariaLabel="Colour scale of p(x)" />
    </div>
  );
}
