// Settings and run buttons of the gamma page.

import { ParamField, type PageControlsProps, TrainingRunLine } from '../../controls';
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
    <section className="controls-panel" aria-label="Settings and run">
      <div className="fields-grid">
        {FIELDS.map((name) => (
          <ParamField key={name} schema={GAMMA_SCHEMA} name={name} values={values} onChange={setParams} hint={HINTS[name]} />
        ))}
      </div>
      <TrainingRunLine phase={phase} actions={actions} blockedReason={blockedReason} />
    </section>
  );
}
