// The training run as it goes: its figures in words and the loss against the step.

import { LineChart } from '../../charts';
import { sig } from '../../format';
import { elasticityLive, useElasticityStore } from './elasticityStore';

function TrainingFigures() {
  const s = useElasticityStore();
  if (s.step === 0) return <p className="data-note">No training run yet.</p>;
  return (
    <p className="data-note" data-testid="elasticity-figures">
      Step <strong data-figure="step">{s.step.toLocaleString('en-US')}</strong> of {s.runSteps.toLocaleString('en-US')} ({s.runGuide} guide, {s.runShards} shard{s.runShards === 1 ? '' : 's'}), <span data-figure="seconds">{sig(s.seconds)}</span> s of
      training; loss <strong data-figure="loss">{sig(s.lastLoss, 6)}</strong>.
    </p>
  );
}

export function TrainingCharts() {
  return (
    <div>
      <TrainingFigures />
      <LineChart
        series={elasticityLive.loss}
        x={{ label: 'step' }}
        y={{ label: 'negative bound', unit: 'thousands', type: 'log' }}
        legend={false}
        height={280}
        ariaLabel="Negative importance-weighted bound in thousands against step"
        title="Loss against step"
      />
    </div>
  );
}
