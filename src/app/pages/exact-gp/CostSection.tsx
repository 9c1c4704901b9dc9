// The cost of a step: the size sweep's controls, the time per step against N on log-log axes
// with the slope-3 line, the saving per N beside the source's, and the wall on this device.

import { useMemo } from 'react';
import { LogLogChart } from '../../charts';
import { FiguresTable } from '../../components/FiguresTable';
import type { Series } from '../../charts';
import { ParamField, RunMessage } from '../../controls';
import { Link } from '../../Link';
import { int, sig } from '../../format';
import type { BackendLabel } from '../../../workers/exact-gp/protocol';
import type { BackendCost } from './costFigures';
import { SLOPE_NAME, costSeries, formatBytes, matrixBytes, reductionRows, slopeThree, sourceFigure, wallOf } from './costFigures';
import { EXACT_GP_SCHEMA, type ExactGpPanelProps } from './schema';
import { sweepRun, useExactGpStore } from './exactGpStore';

const COST_COLOURS: Readonly<Record<string, string>> = {
  'WebGPU generic': '#56b4e9',
  'WebGPU fused': '#0072b2',
  'CPU generic': '#e69f00',
  'CPU fused': '#d55e00',
  [SLOPE_NAME]: '#9aa3ad',
};

export function SweepControls({ values, setParams, actions: sweep, blockedReason, onGpu }: ExactGpPanelProps) {
  const phase = sweepRun((s) => s.phase);
  const message = sweepRun((s) => s.message);
  const going = phase === 'running' || phase === 'paused';
  return (
    <section className="controls-panel" aria-label="Size sweep">
      <div className="fields-grid">
        <ParamField schema={EXACT_GP_SCHEMA} name="sizes" values={values} onChange={setParams} hint="comma-separated; both paths at each" />
        <ParamField schema={EXACT_GP_SCHEMA} name="sweepBudget" values={values} onChange={setParams} />
      </div>
      <div className="run-both">
        <button type="button" className="button primary" disabled={blockedReason !== null || going} onClick={() => (sweep.reset(), sweep.run())}>
          Run the sweep{onGpu ? ' on WebGPU, then the CPU' : ''}
        </button>
        <button type="button" className="button" disabled={phase !== 'running'} onClick={sweep.pause}>
          Pause
        </button>
        <button type="button" className="button" disabled={phase !== 'paused'} onClick={sweep.run}>
          Resume
        </button>
        <button type="button" className="button" disabled={!going} onClick={sweep.stop}>
          Stop
        </button>
        <span className="run-status" aria-live="polite" data-testid="sweep-status">
          {phase === 'running' ? 'Measuring…' : phase === 'paused' ? 'Paused' : phase === 'finished' ? 'Done' : phase === 'failed' ? 'Failed' : blockedReason ?? 'Ready'}
        </span>
      </div>
      <RunMessage message={message} />
    </section>
  );
}

export function CostChart() {
  const cost = useExactGpStore((s) => s.cost);
  const series = useMemo((): Series[] => {
    const measured = costSeries(cost);
    const slope = slopeThree(measured);
    return slope ? [...measured, slope] : measured;
  }, [cost]);
  return (
    <LogLogChart
      series={series}
      x={{ label: 'data points N' }}
      y={{ label: 'time per training step', unit: 'ms' }}
      colours={COST_COLOURS}
      legend
      ariaLabel="Milliseconds per training step against N on log-log axes, one line per backend and gradient path, with a line of slope 3"
      title="Time per training step against N (log–log)"
    />
  );
}

const REDUCTION_COLUMNS = ['N', 'backend', 'generic ms/step', 'fused ms/step', 'saved here', 'the source (CPU, float64)'];

export function ReductionsTable() {
  const cost = useExactGpStore((s) => s.cost);
  const rows = useMemo(() => reductionRows(cost), [cost]);
  if (rows.length === 0) return <p className="data-note">The table fills as the sweep measures both paths at each N.</p>;
  return (
    <FiguresTable label="Time per step on both paths and the saving, per N, beside the source's" columns={REDUCTION_COLUMNS}>
      {rows.map((r) => (
        <tr key={`${r.n}-${r.backend}`} data-n={r.n} data-backend={r.backend}>
          <th scope="row">{int(r.n)}</th>
          <td>{r.backend}</td>
          <td>{sig(r.genericMs)}</td>
          <td>{sig(r.fusedMs)}</td>
          <td data-figure="reduction">{r.reduction.toFixed(0)} %</td>
          <td>{sourceFigure(r.n)}</td>
        </tr>
      ))}
    </FiguresTable>
  );
}

const DTYPE_WORDS = { f64: 'float64', f32: 'float32' } as const;

function WallLine({ backend, cost, runN }: { backend: BackendLabel; cost: BackendCost; runN: number }) {
  const wall = wallOf(cost);
  const dtype = DTYPE_WORDS[cost.dtype];
  if (cost.svgpMs === null) return null;
  const svgp = `one SVGP step (M = 50, B = 200) takes ${sig(cost.svgpMs)} ms`;
  if (!wall) return <p data-backend={backend}>{backend}: {svgp}; the exact steps are still being measured.</p>;
  const where =
    wall.kind === 'below' ? (
      <>
        already at the smallest size measured, <strong data-figure="wall">N = {int(wall.n)}</strong>
      </>
    ) : wall.kind === 'extrapolated' ? (
      <>
        near <strong data-figure="wall">N = {int(wall.n)}</strong>, beyond the sweep (along N³ from its largest size)
      </>
    ) : (
      <>
        from about <strong data-figure="wall">N = {int(wall.n)}</strong>
      </>
    );
  return (
    <p data-testid="exact-gp-wall" data-backend={backend}>
      {backend} ({dtype}): {svgp}; one exact step on the fused path costs more {where}. One N × N matrix there takes {formatBytes(matrixBytes(wall.n, cost.dtype))} in {dtype}; at
      the training run's N = {int(runN)} it takes {formatBytes(matrixBytes(runN, cost.dtype))}, and at N = 100,000 it would take {formatBytes(matrixBytes(100_000, cost.dtype))}.
    </p>
  );
}

export function WallSection({ runN }: { runN: number }) {
  const cost = useExactGpStore((s) => s.cost);
  const backends = Object.entries(cost) as [BackendLabel, BackendCost][];
  return (
    <div className="exact-gp-wall">
      {backends.length === 0 ? <p className="data-note">Run the size sweep above: it times one SVGP step on each backend, and the wall follows from the exact steps.</p> : null}
      {backends.map(([backend, c]) => (
        <WallLine key={backend} backend={backend} cost={c} runN={runN} />
      ))}
      <p>
        The way over the wall is to stop working with all N points at once: the <Link to="/svgp">mini-batch sparse variational GP</Link> trains on 10,000 points
        through 50 inducing inputs, at a cost per step that does not grow with N.
      </p>
    </div>
  );
}
