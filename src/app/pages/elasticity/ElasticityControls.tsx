// Settings, data and run buttons of the elasticity page's training run.

import { ParamFields, TrainingPanel } from '../../controls';
import type { PageControlsProps } from '../../controls';
import { OwnDataInput } from '../../components/OwnDataInput';
import type { RunActions } from '../../worker/useRun';
import { ELASTICITY_SCHEMA } from './schema';
import { trainRun, useElasticityStore, type ElasticityState, type OwnData } from './elasticityStore';
import { ELASTICITY_CSV_HEADER, parseElasticityCsv } from './csvData';

const FIELDS = ['products', 'categories', 'periods', 'steps', 'particles', 'guide', 'shards', 'seed'] as const;
const GENERATED_ONLY = new Set<string>(['products', 'categories', 'periods']);

const parseOwn = (text: string, name: string): OwnData => ({ name, ...parseElasticityCsv(text) });
const updateStore = (patch: Partial<ElasticityState>): void => useElasticityStore.getState().update(patch);

export interface ElasticityControlsProps extends PageControlsProps<typeof ELASTICITY_SCHEMA, RunActions> {
  /** Cores the browser reports: the most shards worth running. */
  readonly cores: number;
  readonly onGpu: boolean;
}

export function ElasticityControls({ values, setParams, actions, blockedReason, cores, onGpu }: ElasticityControlsProps) {
  const phase = trainRun((s) => s.phase);
  const message = trainRun((s) => s.message);
  const own = useElasticityStore((s) => s.own);
  const csvError = useElasticityStore((s) => s.csvError);
  const moot = 'not used while your own data are loaded';
  const hints: Partial<Record<(typeof FIELDS)[number], string>> = {
    products: own ? moot : 'spread evenly over the categories',
    categories: own ? moot : undefined,
    periods: own ? moot : 'weeks of sales per product',
    steps: 'AdamW, rate 0.01 · 0.99^(t/1000)',
    particles: 'of the importance-weighted bound',
    guide: 'structured couples each product’s elasticity and intercept',
    shards: `Web Workers, each with a slice of the data (this browser reports ${cores} core${cores === 1 ? '' : 's'})${onGpu ? '; each on WebGPU' : ''}`,
    seed: own ? 'of the particles' : 'of the generated data and the particles',
  };
  return (
    <TrainingPanel phase={phase} actions={actions} blockedReason={blockedReason} message={message}>
      <ParamFields schema={ELASTICITY_SCHEMA} names={FIELDS} values={values} onChange={setParams} hints={hints} disabled={(name) => own !== null && GENERATED_ONLY.has(name)} />
      <OwnDataInput
        header={ELASTICITY_CSV_HEADER}
        example={`${ELASTICITY_CSV_HEADER}\n0,0,0,0.12,18\n0,0,1,-0.05,25\n1,0,0,0.31,7`}
        own={own}
        error={csvError}
        rows={(d) => d.product.length}
        parse={parseOwn}
        update={updateStore}
      />
    </TrainingPanel>
  );
}
