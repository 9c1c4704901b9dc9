// Settings and run buttons of the bnn page.

import { CopyLinkButton } from '../../CopyLinkButton';
import { ParamField, RunControls, SelectField } from '../../controls';
import type { Values } from '../../urlState';
import { BNN_SCHEMA } from './schema';
import type { BnnActions } from './useBnnRun';
import { bnnRun } from './bnnStore';

const OPTIMISERS = [
  { value: 'adam', label: 'Adam, learning rate 0.01' },
  { value: 'onecycle', label: 'One-cycle + reduce-on-plateau' },
] as const;

const FIELDS = ['steps', 'patience', 'seed', 'draws'] as const;
const HINTS: Record<(typeof FIELDS)[number], string> = {
  steps: '0: the default, 10,000 (Adam) or 8,000 (one-cycle)',
  patience: 'worse steps in a row before stopping; 0: never stop',
  seed: 'initial guide, particles, draws',
  draws: 'networks averaged for the test AUC',
};

interface Props {
  values: Values<typeof BNN_SCHEMA>;
  setParams: (patch: Partial<Values<typeof BNN_SCHEMA>>) => void;
  actions: BnnActions;
  blockedReason: string | null;
}

export function BnnControls({ values, setParams, actions, blockedReason }: Props) {
  const phase = bnnRun((s) => s.phase);
  return (
    <section className="controls-panel" aria-label="Settings and run">
      <div className="fields-grid">
        <SelectField label={BNN_SCHEMA.optimizer.label} value={values.optimizer} options={OPTIMISERS} onChange={(v) => setParams({ optimizer: v })} hint="how the learning rate moves" />
        {FIELDS.map((name) => (
          <ParamField key={name} schema={BNN_SCHEMA} name={name} values={values} onChange={setParams} hint={HINTS[name]} />
        ))}
      </div>
      <ParamField
        schema={BNN_SCHEMA}
        name="fair"
        values={values}
        onChange={setParams}
        hint="Off: stop when the validation loss (likelihood and KL term, divided by 420) exceeds the training loss (divided by 980), as in the source. On: compare the likelihood per point alone, leaving out the KL term."
      />
      {phase !== 'idle' ? <p className="run-hint">New settings take effect when a run is started again.</p> : null}
      <div className="run-line">
        <RunControls
          label="Training"
          status={phase}
          onRun={actions.run}
          onPause={actions.pause}
          onStep={actions.step}
          onReset={actions.reset}
          blockedReason={blockedReason}
        />
        <CopyLinkButton />
      </div>
    </section>
  );
}
