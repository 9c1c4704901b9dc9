// A number typed by hand. What is typed stays as typed: an invalid or
// out-of-range entry is shown with a message and not passed on, and never
// silently replaced by the nearest allowed value.

import { useId, useState } from 'react';
import { formatNumber, parseFloatText, parseIntText } from '../../engine/numberText';
import { describedBy, Field } from './Field';

export interface NumberFieldProps {
  readonly label: string;
  readonly value: number;
  /** Called only with valid values inside [min, max]. */
  readonly onChange: (value: number) => void;
  readonly min?: number;
  readonly max?: number;
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** Step of the arrow keys and spinner. */
  readonly step?: number;
  /** Shown after the box, e.g. "ms". */
  readonly unit?: string;
  readonly hint?: string;
  readonly disabled?: boolean;
}

/** Why `text` is not acceptable, or null if it is. */
export function numberProblem(text: string, integer: boolean, min?: number, max?: number): string | null {
  const v = integer ? parseIntText(text) : parseFloatText(text);
  const range =
    min !== undefined && max !== undefined
      ? `allowed ${formatNumber(min)} to ${formatNumber(max)}`
      : min !== undefined
        ? `allowed ${formatNumber(min)} or more`
        : max !== undefined
          ? `allowed up to ${formatNumber(max)}`
          : '';
  const shown = text.trim() === '' ? '(empty)' : text.trim();
  if (v === null) return `${shown} is not ${integer ? 'a whole number' : 'a number'}${range ? `: ${range}` : ''}`;
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) return `${shown} is out of range: ${range}`;
  return null;
}

export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  integer = false,
  step,
  unit,
  hint,
  disabled,
}: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(() => formatNumber(value));
  const [shownValue, setShownValue] = useState(value);

  // The value changed from outside (reset, URL edit): show it, dropping any draft.
  if (value !== shownValue) {
    setShownValue(value);
    setDraft(formatNumber(value));
  }

  const error = numberProblem(draft, integer, min, max);

  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <span className="number-input">
        <input
          id={id}
          type="text"
          inputMode={integer ? 'numeric' : 'decimal'}
          value={draft}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          onChange={(e) => {
            const text = e.currentTarget.value;
            setDraft(text);
            if (numberProblem(text, integer, min, max) === null) {
              const v = (integer ? parseIntText(text) : parseFloatText(text))!;
              setShownValue(v);
              if (v !== value) onChange(v);
            }
          }}
          onKeyDown={(e) => {
            // Arrow keys nudge by one step, like a spin box, without the browser's own number input quirks.
            if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || step === undefined) return;
            e.preventDefault();
            const next = value + (e.key === 'ArrowUp' ? step : -step);
            const rounded = integer ? Math.round(next) : Number(next.toPrecision(12));
            if ((min === undefined || rounded >= min) && (max === undefined || rounded <= max)) {
              setDraft(formatNumber(rounded));
              setShownValue(rounded);
              onChange(rounded);
            }
          }}
        />
        {unit ? <span className="unit">{unit}</span> : null}
      </span>
    </Field>
  );
}
