// Settings and run buttons of the gamma page.

import { CopyLinkButton } from '../../CopyLinkButton';
import { ParamField, RunControls } from '../../controls';
import type { Values } from '../../urlState';
import { GAMMA_SCHEMA } from './schema';
import type { GammaActions } from './useGammaRun';
import { gammaRun } from './gammaStore';

const FIELDS = ['particles', 'steps', 'learningRate', 'seed'] as const;
const HINTS: Partial<Record<(typeof FIELDS)[number], string>> = {
  particles: 'draws of ε per step; fewer make a noisier loss',
  learningRate: 'Adam’s step size',
  seed: 'which sequence of particles',
};

interface Props {
  values: Values<typeof GAMMA_SCHEMA>;
  setParams: (patch: Partial<Values<typeof GAMMA_SCHEMA>>) => void;
  actions: GammaActions;
  blockedReason: string | null;
}

export function GammaControls({ values, setParams, actions, blockedReason }: Props) {
  const phase = gammaRun((s) => s.phase);
  return (
    <section className="controls-panel" aria-label="Settings and run">
      <div className="fields-grid">
        {FIELDS.map((name) => (
          <ParamField key={name} schema={GAMMA_SCHEMA} name={name} values={values} onChange={setParams} hint={HINTS[name]} />
        ))}
      </div>
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
