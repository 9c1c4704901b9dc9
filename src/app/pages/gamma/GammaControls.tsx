// Settings and run buttons of the gamma page.

import { ParamFields, type PageControlsProps, TrainingPanel } from '../../controls';
import { GAMMA_SCHEMA } from './schema';
import type { GammaActions } from './useGammaRun';
import { gammaRun } from './gammaStore';

const FIELDS = ['particles', 'steps', 'learningRate', 'seed'] as const;
const HINTS: Partial<Record<(typeof FIELDS)[number], string>> = {
  particles: 'draws of ε per step; fewer make a noisier loss',
  learningRate: 'Adam’s step size',
  seed: 'which sequence of particles',
};

type Props = PageControlsProps<typeof GAMMA_SCHEMA, GammaActions>;

export function GammaControls({ values, setParams, actions, blockedReason }: Props) {
  const phase = gammaRun((s) => s.phase);
  return (
    <TrainingPanel phase={phase} actions={actions} blockedReason={blockedReason}>
      <ParamFields schema={GAMMA_SCHEMA} names={FIELDS} values={values} onChange={setParams} hints={HINTS} />
    </TrainingPanel>
  );
}
