// Settings and run buttons of the bnn page.

import { ParamField, ParamFields, SelectField, type PageControlsProps, TrainingPanel } from '../../controls';
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

type Props = PageControlsProps<typeof BNN_SCHEMA, BnnActions>;

export function BnnControls({ values, setParams, actions, blockedReason }: Props) {
  const phase = bnnRun((s) => s.phase);
  return (
    <TrainingPanel phase={phase} actions={actions} blockedReason={blockedReason}>
      <ParamFields schema={BNN_SCHEMA} names={FIELDS} values={values} onChange={setParams} hints={HINTS}>
        <SelectField label={BNN_SCHEMA.optimizer.label} value={values.optimizer} options={OPTIMISERS} onChange={(v) => setParams({ optimizer: v })} hint="how the learning rate moves" />
      </ParamFields>
      <ParamField
        schema={BNN_SCHEMA}
        name="fair"
        values={values}
        onChange={setParams}
        hint="Off: stop when the validation loss (likelihood and KL term, divided by 420) exceeds the training loss (divided by 980), as in the source. On: compare the likelihood per point alone, leaving out the KL term."
      />
    </TrainingPanel>
  );
}
