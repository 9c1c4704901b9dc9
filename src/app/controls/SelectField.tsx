// A choice among a few named options.

import { useId } from 'react';
import { describedBy, Field } from './Field';

export interface SelectOption<V extends string> {
  readonly value: V;
  readonly label: string;
}

export interface SelectFieldProps<V extends string> {
  readonly label: string;
  readonly value: V;
  readonly onChange: (value: V) => void;
  /** Options as {value, label}, or bare values used as their own labels. */
  readonly options: readonly (SelectOption<V> | V)[];
  readonly hint?: string;
  readonly disabled?: boolean;
}

export function SelectField<V extends string>({ label, value, onChange, options, hint, disabled }: SelectFieldProps<V>) {
  const id = useId();
  const normalised = options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
  return (
    <Field id={id} label={label} hint={hint}>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={describedBy(id, hint)}
        onChange={(e) => {
          const chosen = normalised.find((o) => o.value === e.currentTarget.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {normalised.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
