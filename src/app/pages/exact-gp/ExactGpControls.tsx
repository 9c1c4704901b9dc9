// Settings, data and run buttons of the exact-gp page's training run.

import { ParamFields, TrainingPanel } from '../../controls';
import { OwnDataInput } from '../../components/OwnDataInput';
import { EXACT_GP_SCHEMA, type ExactGpPanelProps } from './schema';
import { trainRun, useExactGpStore, type ExactGpState, type OwnData } from './exactGpStore';
import { parseExactGpCsv } from './csvData';

const FIELDS = ['n', 'steps', 'learningRate', 'seed', 'path', 'dtype'] as const;

/** A CSV file's points as the learner's own data. */
const parseOwn = (text: string, name: string): OwnData => ({ name, ...parseExactGpCsv(text) });
const updateStore = (patch: Partial<ExactGpState>): void => useExactGpStore.getState().update(patch);

export function ExactGpControls({ values, setParams, actions, blockedReason, onGpu }: ExactGpPanelProps) {
  const phase = trainRun((s) => s.phase);
  const message = trainRun((s) => s.message);
  const own = useExactGpStore((s) => s.own);
  const csvError = useExactGpStore((s) => s.csvError);
  const hints: Partial<Record<(typeof FIELDS)[number], string>> = {
    n: own ? 'not used while your own data are loaded' : 'generated points, 2 to 5,000',
    seed: own ? 'not used while your own data are loaded' : 'which random data set (and the sweep’s data)',
    learningRate: 'Adam’s step size',
    path: 'fused: invQuadLogdet’s own backward; generic: reverse mode through the factorisation',
    dtype: onGpu ? 'WebGPU computes in float32 whatever is chosen here' : 'the CPU computes in the precision chosen',
  };
  return (
    <TrainingPanel phase={phase} actions={actions} blockedReason={blockedReason} message={message}>
      <ParamFields schema={EXACT_GP_SCHEMA} names={FIELDS} values={values} onChange={setParams} hints={hints} disabled={(name) => own !== null && (name === 'n' || name === 'seed')} />
      <OwnDataInput header="x,y" example={'x,y\n0.12,0.71\n0.48,0.05\n0.83,-0.93'} own={own} error={csvError} rows={(d) => d.x.length} parse={parseOwn} update={updateStore} />
    </TrainingPanel>
  );
}
