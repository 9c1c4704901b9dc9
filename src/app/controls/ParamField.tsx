// The right input for one parameter of a page's URL schema, so that a page
// can lay out its controls from the same schema that validates its links.

import type { Schema, Values } from '../urlState';
import { CheckboxField } from './CheckboxField';
import { ListField } from './ListField';
import { NumberField } from './NumberField';
import { SelectField } from './SelectField';

export interface ParamFieldProps<S extends Schema, K extends keyof S & string> {
  readonly schema: S;
  readonly name: K;
  readonly values: Values<S>;
  /** Receives a one-key patch, the shape `setParams` of useUrlParams takes. */
  readonly onChange: (patch: Partial<Values<S>>) => void;
  readonly hint?: string;
  readonly unit?: string;
  readonly disabled?: boolean;
}

export function ParamField<S extends Schema, K extends keyof S & string>({
  schema,
  name,
  values,
  onChange,
  hint,
  unit,
  disabled,
}: ParamFieldProps<S, K>) {
  const spec = schema[name]!;
  // The schema guarantees the value's type matches the kind; TypeScript cannot follow that through the generic.
  const value: unknown = values[name];
  const patch = (v: number | string | boolean | readonly number[]): void => onChange({ [name]: v } as Partial<Values<S>>);

  switch (spec.kind) {
    case 'int':
    case 'float':
      return (
        <NumberField
          label={spec.label}
          value={value as number}
          onChange={patch}
          min={spec.min}
          max={spec.max}
          integer={spec.kind === 'int'}
          step={spec.kind === 'int' ? 1 : undefined}
          unit={unit}
          hint={hint}
          disabled={disabled}
        />
      );
    case 'enum':
      return (
        <SelectField
          label={spec.label}
          value={value as string}
          options={spec.values}
          onChange={patch}
          hint={hint}
          disabled={disabled}
        />
      );
    case 'bool':
      return <CheckboxField label={spec.label} checked={value as boolean} onChange={patch} hint={hint} disabled={disabled} />;
    case 'intList':
      return <ListField spec={spec} value={value as readonly number[]} onChange={patch} hint={hint} disabled={disabled} />;
  }
}
