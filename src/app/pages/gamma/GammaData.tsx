// The data: a histogram (as a density) with the Gamma density it was drawn from and the sample
// mean, and the bring-your-own-data input.

import * as Plot from '@observablehq/plot';
import { useEffect, useMemo, useState } from 'react';
import { PlotFigure } from '../../charts';
import { ParamField, SliderField } from '../../controls';
import type { Values } from '../../urlState';
import { sig } from '../../format';
import type { GammaApi } from './useGammaWorker';
import { GAMMA_SCHEMA } from './schema';
import type { GammaSettings } from './schema';
import { useGammaStore, type GammaState } from './gammaStore';
import { OwnDataInput } from '../../components/OwnDataInput';
import { parseGammaCsv } from './csvData';
import { densityHistogram, gammaDensity, sampleMean } from './histogram';

const chartStyle = { fontSize: '15px', fontFamily: 'inherit', overflow: 'visible' } as const;

/** The generated observations for the current settings, from the worker (null while they are on their way). */
function useGeneratedData(api: GammaApi | null, a: number, n: number, dataSeed: number): Float64Array | null {
  const [data, setData] = useState<{ key: string; values: Float64Array } | null>(null);
  const key = `${a}:${n}:${dataSeed}`;
  useEffect(() => {
    if (!api) return;
    let live = true;
    void api.gammaData({ kind: 'generated', concentration: a, n, dataSeed }).then((values) => {
      if (live) setData({ key, values });
    });
    return () => {
      live = false;
    };
  }, [api, a, n, dataSeed, key]);
  return data?.key === key ? data.values : null;
}

function Histogram({ values, truth }: { values: Float64Array; truth: number | null }) {
  const bins = useMemo(() => densityHistogram(values), [values]);
  const mean = useMemo(() => sampleMean(values), [values]);
  const curve = useMemo(() => {
    if (truth === null || bins.length === 0) return [];
    const hi = bins[bins.length - 1].x1;
    return Array.from({ length: 300 }, (_, i) => {
      const z = ((i + 0.5) * hi) / 300;
      return { z, d: gammaDensity(z, truth) };
    });
  }, [bins, truth]);
  const peak = Math.max(...bins.map((b) => b.density), ...curve.map((c) => c.d));
  const build = (width: number): Element =>
    Plot.plot({
      width,
      height: 260,
      marginLeft: 60,
      marginBottom: 44,
      style: chartStyle,
      x: { label: 'z', labelAnchor: 'center', labelArrow: 'none' },
      y: { label: 'density', labelAnchor: 'center', labelArrow: 'none', grid: true, domain: [0, peak * 1.08] },
      marks: [
        Plot.rectY(bins, { x1: 'x0', x2: 'x1', y: 'density', fill: '#9cc3e6', stroke: '#fff', strokeWidth: 0.5 }),
        Plot.line(curve, { x: 'z', y: 'd', stroke: '#d55e00', strokeWidth: 2.5 }),
        Plot.ruleX([mean], { stroke: '#15191e', strokeWidth: 2, strokeDasharray: '6,4' }),
        Plot.text([mean], { x: (d: number) => d, frameAnchor: 'top', dx: 6, dy: 8, textAnchor: 'start', text: () => `sample mean ${sig(mean)}` }),
        Plot.frame({ stroke: '#c8ccd2' }),
      ],
    });
  return (
    <figure className="chart">
      <figcaption className="chart-title">
        {truth === null ? 'Histogram of your data' : <>Histogram of the data, with the Gamma({sig(truth)}, 1) density they were drawn from</>}
      </figcaption>
      <PlotFigure build={build} ariaLabel="Histogram of the observations" minHeight={260} />
    </figure>
  );
}

interface DataProps {
  api: GammaApi | null;
  settings: GammaSettings;
  setParams: (patch: Partial<Values<typeof GAMMA_SCHEMA>>) => void;
}

function DataControls({ settings, setParams, disabled }: Omit<DataProps, 'api'> & { disabled: boolean }) {
  const a = GAMMA_SCHEMA.concentration;
  const n = GAMMA_SCHEMA.n;
  const hint = disabled ? 'not used while your own data are loaded' : undefined;
  return (
    <div className="fields-grid data-fields">
      <SliderField
        label={a.label}
        value={settings.concentration}
        min={a.min}
        max={a.max}
        step={0.1}
        format={(v) => v.toFixed(v < 1 ? 2 : 1)}
        onChange={(v) => setParams({ concentration: v })}
        hint={hint ?? 'the Gamma(a, 1) the data are drawn from'}
        disabled={disabled}
      />
      <SliderField
        label={n.label}
        value={settings.n}
        min={n.min}
        max={n.max}
        integer
        scale="log"
        format={(v) => v.toLocaleString('en-US')}
        onChange={(v) => setParams({ n: v })}
        hint={hint ?? 'observations, 10 to 10,000'}
        disabled={disabled}
      />
      <ParamField schema={GAMMA_SCHEMA} name="dataSeed" values={settings} onChange={setParams} hint={hint ?? 'which random data set'} disabled={disabled} />
    </div>
  );
}

/** A CSV file's observations as the learner's own data. */
const parseOwn = (text: string, name: string) => ({ name, values: parseGammaCsv(text) });
const updateStore = (patch: Partial<GammaState>): void => useGammaStore.getState().update(patch);

export function GammaData({ api, settings, setParams }: DataProps) {
  const own = useGammaStore((s) => s.own);
  const csvError = useGammaStore((s) => s.csvError);
  const generated = useGeneratedData(own ? null : api, settings.concentration, settings.n, settings.dataSeed);
  const values = own ? own.values : generated;
  return (
    <div>
      <DataControls settings={settings} setParams={setParams} disabled={own !== null} />
      {values ? <Histogram values={values} truth={own ? null : settings.concentration} /> : <p className="loading">Drawing the data…</p>}
      <p className="data-note">
        {own ? (
          <>
            Your data: {own.values.length.toLocaleString('en-US')} values from <strong>{own.name}</strong>.
          </>
        ) : (
          <>
            {settings.n.toLocaleString('en-US')} draws from Gamma({sig(settings.concentration)}, 1) with data seed {settings.dataSeed}.
          </>
        )}
      </p>
      <OwnDataInput header="z" example={'z\n0.84\n2.31\n1.07'} own={own} error={csvError} rows={(d) => d.values.length} parse={parseOwn} update={updateStore} />
    </div>
  );
}
