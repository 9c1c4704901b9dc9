// A progress line in the style of a terminal progress bar: how far, how fast, both losses.

import { RunMessage } from '../../controls';
import { int, sig } from '../../format';
import { progressBar } from './stopping';
import { bnnRun, useBnnStore } from './bnnStore';

export function BnnProgress() {
  const step = useBnnStore((s) => s.step);
  const seconds = useBnnStore((s) => s.seconds);
  const train = useBnnStore((s) => s.trainLoss);
  const val = useBnnStore((s) => s.valLoss);
  const setup = useBnnStore((s) => s.setup);
  const earlyStop = useBnnStore((s) => s.earlyStopStep);
  const phase = bnnRun((s) => s.phase);
  const message = bnnRun((s) => s.message);
  const device = useBnnStore((s) => s.deviceMsPerStep);
  const total = setup?.steps ?? 0;
  const fraction = total > 0 ? step / total : 0;
  const rate = step > 0 && seconds > 0 ? step / seconds : null;
  const status = earlyStop !== null ? `stopped early at step ${int(earlyStop)}` : phase === 'finished' ? 'done' : phase;
  return (
    <>
      <pre className="progress-line" aria-label="Training progress" data-testid="progress-line">
        {`${String(Math.floor(fraction * 100)).padStart(3)}%|${progressBar(fraction, 24)}| `}
        <span data-figure="step">{int(step)}</span>/{int(total)} [{sig(seconds)} s, <span data-figure="steps-per-second">{sig(rate)}</span> steps/s{device !== null ? `, GPU ${sig(device)} ms/step` : ''}, train{' '}
        <span data-figure="train-loss">{sig(train, 4)}</span>, val <span data-figure="val-loss">{sig(val, 4)}</span>] {setup ? status : ''}
      </pre>
      <RunMessage message={message} />
    </>
  );
}
