// A range slider with its value written beside the label. A log scale is
// available for quantities that span decades (a sample size from 10 to
// 10,000 would otherwise crowd the small values into the first millimetre).

import { useId } from 'react';
import { describedBy, Field } from './Field';

export interface SliderFieldProps {
  readonly label: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly min: number;
  readonly max: number;
  /** Granularity of values (default: 1 for integer sliders, (max-min)/100 otherwise). */
  readonly step?: number;
  readonly integer?: boolean;
  /** 'log' spaces the track evenly in log(value); min must be positive. */
  readonly scale?: 'linear' | 'log';
  /** How the value is written, e.g. `(v) => v.toFixed(2)`. */
  readonly format?: (value: number) => string;
  readonly hint?: string;
  readonly disabled?: boolean;
}

const LOG_POSITIONS = 1000;

function roundTo(v: number, step: number, integer: boolean): number {
  const r = Math.round(v / step) * step;
  return integer ? Math.round(r) : Number(r.toPrecision(12));
}

export function SliderField({
  label,
  value,
  onChange,
  min,
  max,
  step,
  integer = false,
  scale = 'linear',
  format = (v) => String(v),
  hint,
  disabled,
}: SliderFieldProps) {
  const id = useId();
  const valueStep = step ?? (integer ? 1 : (max - min) / 100);
  const log = scale === 'log' && min > 0;

  // On a log slider the track holds positions 0..LOG_POSITIONS; values are derived from them.
  const toPosition = (v: number): number =>
    log ? Math.round((Math.log(v / min) / Math.log(max / min)) * LOG_POSITIONS) : v;
  const fromPosition = (p: number): number => {
    if (!log) return roundTo(p, valueStep, integer);
    const v = min * Math.pow(max / min, p / LOG_POSITIONS);
    return Math.min(max, Math.max(min, roundTo(v, valueStep, integer)));
  };

  return (
    <Field id={id} label={label} hint={hint} aside={<output htmlFor={id}>{format(value)}</output>}>
      <input
        id={id}
        type="range"
        min={log ? 0 : min}
        max={log ? LOG_POSITIONS : max}
        step={log ? 1 : valueStep}
        value={toPosition(value)}
        aria-valuetext={format(value)}
        aria-describedby={describedBy(id, hint)}
        disabled={disabled}
        onChange={(e) => {
          const v = fromPosition(Number(e.currentTarget.value));
          if (v !== value) onChange(v);
        }}
      />
    </Field>
  );
}
