// Settings and run buttons for the two svgp runs.

import { CopyLinkButton } from '../../CopyLinkButton';
import { ParamFields, RunControls, useSpaceToggle, type PageControlsProps } from '../../controls';
import { SVGP_SCHEMA } from './schema';
import type { SvgpRunActions } from './useSvgpRuns';
import type { RunKind } from './svgpStore';
import { RUN_NAMES, svgpRuns } from './svgpStore';

const FIELDS = ['n', 'batch', 'm', 'learningRate', 'fullSteps', 'miniSteps', 'dataSeed', 'seed'] as const;
const HINTS: Partial<Record<(typeof FIELDS)[number], string>> = {
  batch: 'points per mini-batch step, drawn with replacement',
  dataSeed: 'which random data set',
  seed: 'which sequence of mini-batches',
};

type Props = PageControlsProps<typeof SVGP_SCHEMA, SvgpRunActions>;

function RunRow({ kind, actions, blockedReason }: { kind: RunKind; actions: SvgpRunActions; blockedReason: string | null }) {
  const phase = svgpRuns[kind]((s) => s.phase);
  return (
    <div className="run-row">
      <span className="run-name">{RUN_NAMES[kind]}</span>
      <RunControls
        label={`${RUN_NAMES[kind]} run`}
        status={phase}
        onRun={() => actions.run(kind)}
        onPause={() => actions.pause(kind)}
        onStep={() => actions.step(kind)}
        onReset={() => actions.reset(kind)}
        blockedReason={blockedReason}
        spaceToggles={false}
      />
    </div>
  );
}

export function SvgpControls({ values, setParams, actions, blockedReason }: Props) {
  const fullPhase = svgpRuns.full((s) => s.phase);
  const miniPhase = svgpRuns.mini((s) => s.phase);
  const anyRunning = fullPhase === 'running' || miniPhase === 'running';
  const anyActive = fullPhase !== 'idle' || miniPhase !== 'idle';
  // Space races both runs, or pauses whatever is running.
  useSpaceToggle(() => (anyRunning ? actions.pauseAll() : blockedReason ? undefined : actions.runBoth()), true);
  return (
    <section className="controls-panel" aria-label="Settings and runs">
      <ParamFields schema={SVGP_SCHEMA} names={FIELDS} values={values} onChange={setParams} hints={HINTS} />
      {anyActive ? <p className="run-hint">New settings take effect when a run is started again.</p> : null}
      <div className="run-both">
        <button type="button" className="button primary" onClick={actions.runBoth} disabled={blockedReason !== null || anyRunning}>
          Run both (full batch, then mini-batch)
        </button>
        <button type="button" className="button" onClick={actions.pauseAll} disabled={!anyRunning}>
          Pause all
        </button>
        <CopyLinkButton />
        <span className="run-hint">Space runs both or pauses.</span>
      </div>
      <RunRow kind="full" actions={actions} blockedReason={blockedReason} />
      <RunRow kind="mini" actions={actions} blockedReason={blockedReason} />
    </section>
  );
}
