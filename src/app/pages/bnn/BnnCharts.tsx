// The bnn page's live charts: the learning-rate schedule, the losses and the stopping rules, the
// posterior predictive heatmaps and the ROC curve.

import { useMemo } from 'react';
import { Heatmap, LineChart } from '../../charts';
import type { PointSet } from '../../charts';
import { int, sig } from '../../format';
import { GRID } from './schema';
import { boundingBox } from './csvData';
import { GAP_BIASED, GAP_FAIR, NOW, SCHEDULED, TRAIN, USED, VAL, bnnLive, bnnRun, useBnnStore } from './bnnStore';

const E = GRID.extent;
const EXTENT = { x: [-E, E], y: [-E, E] } as const;

export function ScheduleChart({ optimizer }: { optimizer: 'adam' | 'onecycle' }) {
  return (
    <LineChart
      series={bnnLive.schedule}
      x={{ label: 'step' }}
      y={{ label: 'learning rate' }}
      colours={{ [SCHEDULED]: '#9aa3ad', [USED]: '#0072b2', [NOW]: '#15191e' }}
      legend
      height={260}
      ariaLabel="Learning rate against step, with the current step marked"
      title={`Learning rate: ${optimizer === 'adam' ? 'Adam, constant' : 'one-cycle, cut by reduce-on-plateau'}`}
    />
  );
}

function useStopMarkers() {
  const stop = useBnnStore((s) => s.earlyStopStep);
  return useMemo(() => (stop === null ? [] : [{ x: stop, label: `stopped at ${int(stop)}` }]), [stop]);
}

export function LossCharts() {
  const markers = useStopMarkers();
  const setup = useBnnStore((s) => s.setup);
  const step = useBnnStore((s) => s.step);
  const stop = useBnnStore((s) => s.earlyStopStep);
  const firedBiased = useBnnStore((s) => s.firedBiased);
  const firedFair = useBnnStore((s) => s.firedFair);
  const kl = useBnnStore((s) => s.kl);
  const phase = bnnRun((s) => s.phase);
  const when = (fired: number | null, figure: string) =>
    fired !== null ? (
      <>
        fires at step <strong data-figure={figure}>{int(fired)}</strong>
      </>
    ) : (
      <>
        does not fire within the <span data-figure={figure}>{int(step)}</span> steps run
      </>
    );
  const inflation = setup && kl !== null ? kl * (1 / setup.nVal - 1 / setup.nTrain) : null;
  return (
    <div className="chart-stack">
      <LineChart
        series={bnnLive.losses}
        x={{ label: 'step' }}
        y={{ label: 'negative ELBO per point' }}
        colours={{ [TRAIN]: '#0072b2', [VAL]: '#d55e00' }}
        markers={markers}
        ariaLabel="Training and validation loss per point against step"
        title="Training and validation loss, per point"
      />
      <LineChart
        series={bnnLive.gaps}
        x={{ label: 'step' }}
        y={{ label: 'validation − training' }}
        colours={{ [GAP_BIASED]: '#cc79a7', [GAP_FAIR]: '#009e73' }}
        markers={markers}
        height={260}
        ariaLabel="Validation minus training, for the whole loss and for the likelihood alone, against step"
        title="What each stopping rule compares: above zero counts as worse"
      />
      {setup && step > 0 ? (
        <div className="figures stopping-figures">
          <p>
            {stop !== null ? (
              <>
                This run stopped at step <strong data-figure="early-stop">{int(stop)}</strong>, by the {setup.criterion === 'fair' ? 'fair rule' : 'rule of the source'} with patience{' '}
                {int(setup.patience)}.
              </>
            ) : setup.patience === 0 ? (
              <>Early stopping is off for this run.</>
            ) : (
              <>
                No stop yet{phase === 'finished' ? ` in ${int(step)} steps` : ''}: the {setup.criterion === 'fair' ? 'fair rule' : 'rule of the source'} (patience {int(setup.patience)}) has not fired.
              </>
            )}
          </p>
          {setup.patience > 0 ? (
            <p>
              On this run’s figures, the rule with the KL term {when(firedBiased, 'fired-biased')}; the likelihood-only rule {when(firedFair, 'fired-fair')}.
            </p>
          ) : null}
          {inflation !== null ? (
            <p>
              The KL term is about <strong>{sig(kl)}</strong> nats, so it adds KL × (1/{setup.nVal} − 1/{setup.nTrain}) ≈ <strong data-figure="kl-gap">{sig(inflation)}</strong> per point to the
              validation loss beyond the training loss, whatever the fit.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function trainingPoints(x: Float64Array, n: number): PointSet {
  return { x: Float64Array.from({ length: n }, (_, i) => x[2 * i]), y: Float64Array.from({ length: n }, (_, i) => x[2 * i + 1]) };
}

/** The two maps of the posterior predictive: its mean and its spread across the drawn networks. */
const PREDICTIVE_MAPS = [
  { grid: bnnLive.mean, domain: [0, 1], scheme: 'BuRd', colourLabel: 'mean of p(x)', title: 'Posterior predictive mean', ariaLabel: 'Heatmap of the posterior predictive mean of p(x) with the training data and their bounding box' },
  { grid: bnnLive.sd, domain: [0, 0.5], scheme: 'Blues', colourLabel: 'sd of p(x)', title: 'Its standard deviation', ariaLabel: 'Heatmap of the standard deviation of p(x) across posterior draws, with the training data and their bounding box' },
] as const;

export function PredictiveHeatmaps() {
  const split = useBnnStore((s) => s.split);
  const snapshotStep = useBnnStore((s) => s.snapshotStep);
  const points = useMemo(() => (split ? trainingPoints(split.train.x, split.train.n) : null), [split]);
  const box = useMemo(() => (split ? (boundingBox(split.train, split.val, split.test) ?? undefined) : undefined), [split]);
  const common = { extent: EXTENT, xLabel: 'x₁', yLabel: 'x₂', maxWidth: 460, points, box, smooth: true } as const;
  return (
    <div>
      <div className="heatmap-row">
        {PREDICTIVE_MAPS.map((m) => (
          <Heatmap key={m.colourLabel} {...common} {...m} />
        ))}
      </div>
      <p className="data-note" data-testid="predictive-note">
        {snapshotStep === null
          ? 'The heatmaps fill in once training starts.'
          : `${GRID.draws} networks drawn from the guide after step ${int(snapshotStep)}; ${GRID.size} × ${GRID.size} grid. Dots: training points; dashed box: the data’s extent.`}
      </p>
    </div>
  );
}

export function RocChart() {
  const test = useBnnStore((s) => s.test);
  const evaluating = useBnnStore((s) => s.evaluating);
  return (
    <div className="roc-chart">
      <LineChart
        series={bnnLive.roc}
        x={{ label: 'false-positive rate', domain: [0, 1] }}
        y={{ label: 'true-positive rate', domain: [0, 1] }}
        colours={{ chance: '#9aa3ad', 'posterior predictive mean': '#0072b2' }}
        legend
        height={460}
        maxPointsPerSeries={2000}
        ariaLabel="ROC curve of the posterior predictive mean on the test set"
        title="ROC curve on the test set"
      />
      <p className="figures" aria-live="polite">
        {test ? (
          <>
            Test AUC <strong data-figure="test-auc">{test.testAuc.toFixed(4)}</strong> (training set {test.trainAuc.toFixed(4)}), from the mean of {int(test.draws)} networks drawn from the
            guide.
          </>
        ) : evaluating ? (
          'Computing the test AUC…'
        ) : (
          'The test AUC appears when a run ends (by its stopping rule or its last step).'
        )}
      </p>
    </div>
  );
}
