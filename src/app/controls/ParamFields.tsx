// The grid of a panel's settings: one field for each named parameter of the page's URL schema,
// with its hint, laid out from the same schema that validates the page's links.

import type { ReactNode } from 'react';
import type { Schema, Values } from '../urlState';
import { ParamField } from './ParamField';

export interface ParamFieldsProps<S extends Schema, K extends keyof S & string> {
  readonly schema: S;
  /** The parameters shown, in order. */
  readonly names: readonly K[];
  readonly values: Values<S>;
  /** Receives a one-key patch, the shape `setParams` of useUrlParams takes. */
  readonly onChange: (patch: Partial<Values<S>>) => void;
  readonly hints?: Partial<Record<K, string>>;
  /** Which fields are greyed out (e.g. those the learner's own data make moot). */
  readonly disabled?: (name: K) => boolean;
  /** Fields placed first that the schema does not lay out itself (a select with its own labels). */
  readonly children?: ReactNode;
}

export function ParamFields<S extends Schema, K extends keyof S & string>({ schema, names, values, onChange, hints, disabled, children }: ParamFieldsProps<S, K>) {
  return (
    <div className="fields-grid">
      {children}
      {names.map((name) => (
        <ParamField key={name} schema={schema} name={name} values={values} onChange={onChange} hint={hints?.[name]} disabled={disabled?.(name)} />
      ))}
    </div>
  );
}
