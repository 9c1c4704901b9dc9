// Settings, data and run buttons of the exact-gp page's training run.

import { ParamField, RunMessage, TrainingRunLine } from '../../controls';
import { CsvInput } from '../../components/CsvInput';
import { csvProblem } from '../../data/csv';
import { EXACT_GP_SCHEMA, type ExactGpPanelProps } from './schema';
import { trainRun, useExactGpStore } from './exactGpStore';
import { parseExactGpCsv } from './csvData';

const FIELDS = ['n', 'steps', 'learningRate', 'seed', 'path', 'dtype'] as const;

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
  const load = (text: string, name: string): void => {
    try {
      const { x, y } = parseExactGpCsv(text);
      useExactGpStore.getState().update({ own: { name, x, y }, csvError: null });
    } catch (e) {
      useExactGpStore.getState().update({ csvError: csvProblem(name, e) });
    }
  };
  return (
    <section className="controls-panel" aria-label="Settings and run">
      <div className="fields-grid">
        {FIELDS.map((name) => (
          <ParamField key={name} schema={EXACT_GP_SCHEMA} name={name} values={values} onChange={setParams} hint={hints[name]} disabled={own !== null && (name === 'n' || name === 'seed')} />
        ))}
      </div>
      <CsvInput
        header="x,y"
        example={'x,y\n0.12,0.71\n0.48,0.05\n0.83,-0.93'}
        loaded={own ? { name: own.name, rows: own.x.length } : null}
        error={csvError}
        onText={load}
        onClear={() => useExactGpStore.getState().update({ own: null, csvError: null })}
      />
      <TrainingRunLine phase={phase} actions={actions} blockedReason={blockedReason} />
      <RunMessage message={message} />
    </section>
  );
}
