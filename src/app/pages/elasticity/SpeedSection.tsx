// Data parallelism measured on the learner's machine: steps per second for 1, 2 and 4 shards, the
// time spent outside the shards' arithmetic, and the projection to a million steps beside the
// figures of the source's cluster.

import { FiguresTable } from '../../components/FiguresTable';
import { ParamField, RunMessage } from '../../controls';
import type { PageControlsProps } from '../../controls';
import { int, sig } from '../../format';
import type { RunActions } from '../../worker/useRun';
import { ELASTICITY_SCHEMA, SPEED_WARMUP_STEPS, speedShardCounts } from './schema';
import { speedRun, trainRun, useElasticityStore } from './elasticityStore';

/** The projection's length: the source trains for a million iterations. */
export const PROJECTED_STEPS = 1_000_000;

/** Hours for `PROJECTED_STEPS` steps at `stepsPerSecond`. */
export function hoursFor(stepsPerSecond: number): number {
  return PROJECTED_STEPS / stepsPerSecond / 3600;
}

/** The source's figures for a million iterations on 1.56 M observations. */
const SOURCE_ROWS: readonly [string, string, string][] = [
  ['192-core CPU', 'about 22 h', '1×'],
  ['one A10G GPU', 'about 41 min', '32×'],
  ['four A10G GPUs', 'about 21 min', '63×'],
];

export interface SpeedControlsProps extends PageControlsProps<typeof ELASTICITY_SCHEMA, RunActions> {
  readonly cores: number;
}

export function SpeedControls({ values, setParams, actions, blockedReason, cores }: SpeedControlsProps) {
  const phase = speedRun((s) => s.phase);
  const message = speedRun((s) => s.message);
  const training = trainRun((s) => s.phase === 'running');
  const going = phase === 'running' || phase === 'paused';
  // A training run going at the same time would share the cores and slow every row down.
  const blocked = blockedReason ?? (training && !going ? 'Pause or stop the training run first: it would share the cores.' : null);
  const counts = speedShardCounts(cores);
  return (
    <section className="controls-panel" aria-label="Speed measurement">
      <div className="fields-grid">
        <ParamField schema={ELASTICITY_SCHEMA} name="speedSteps" values={values} onChange={setParams} hint={`after ${SPEED_WARMUP_STEPS} warm-up steps, for ${counts.join(', ')} shard${counts.length === 1 ? '' : 's'}`} />
      </div>
      <div className="run-both">
        <button type="button" className="button primary" disabled={blocked !== null || going} onClick={() => (actions.reset(), actions.run())}>
          Measure steps per second
        </button>
        <button type="button" className="button" disabled={!going} onClick={actions.stop}>
          Stop
        </button>
        <span className="run-status" aria-live="polite" data-testid="speed-status">
          {phase === 'running' ? 'Measuring…' : phase === 'finished' ? 'Done' : phase === 'failed' ? 'Failed' : (blocked ?? 'Ready')}
        </span>
      </div>
      <RunMessage message={message} />
    </section>
  );
}

const COLUMNS = ['shards', 'steps/s', 'speed-up', 'communication ms/step', 'share of the step', '1 M steps would take'];

export function SpeedTables() {
  const rows = useElasticityStore((s) => s.speed);
  const one = rows.find((r) => r.shards === 1);
  return (
    <div className="elasticity-speed">
      <div>
        {rows.length === 0 ? (
          <p className="data-note">Press “Measure steps per second”: the table fills one shard count at a time.</p>
        ) : (
          <>
            <FiguresTable label="Steps per second for each number of shards on this machine, with the communication per step and the projection to a million steps" columns={COLUMNS}>
              {rows.map((r) => (
                <tr key={r.shards} data-shards={r.shards}>
                  <th scope="row">{r.shards}</th>
                  <td data-figure="steps-per-second">{sig(r.stepsPerSecond)}</td>
                  <td>{one ? `${sig(r.stepsPerSecond / one.stepsPerSecond, 2)}×` : '–'}</td>
                  <td data-figure="comm-ms">{sig(r.commMsPerStep)}</td>
                  <td>{(Math.min(1, (r.commMsPerStep * r.stepsPerSecond) / 1000) * 100).toFixed(0)} %</td>
                  <td data-figure="hours">{sig(hoursFor(r.stepsPerSecond))} h</td>
                </tr>
              ))}
            </FiguresTable>
            <p className="data-note">
              Measured on {int(rows[0].n)} observations, {rows[0].steps} timed steps per row: wall-clock time you waited, messages and all.
            </p>
          </>
        )}
      </div>
      <div>
        <FiguresTable label="The source's times for a million iterations on 1.56 million observations" columns={['the source (1.56 M observations)', '1 M iterations', 'speed-up']}>
          {SOURCE_ROWS.map(([where, time, factor]) => (
            <tr key={where}>
              <th scope="row">{where}</th>
              <td>{time}</td>
              <td>{factor}</td>
            </tr>
          ))}
        </FiguresTable>
      </div>
    </div>
  );
}
