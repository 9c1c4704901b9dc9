// The frame shared by every input: a visible label tied to the control, an
// optional hint and an error message that screen readers announce with it.

import type { ReactNode } from 'react';

export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: string | null;
  /** Extra text after the label, e.g. the current value of a slider. */
  readonly aside?: ReactNode;
  readonly children: ReactNode;
}

export const hintId = (id: string): string => `${id}-hint`;
export const errorId = (id: string): string => `${id}-error`;

/** The aria-describedby value for a control with this hint and error. */
export function describedBy(id: string, hint?: string, error?: string | null): string | undefined {
  const ids = [hint ? hintId(id) : null, error ? errorId(id) : null].filter((s): s is string => s !== null);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function Field({ id, label, hint, error, aside, children }: FieldProps) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <div className="field-head">
        <label htmlFor={id}>{label}</label>
        {aside}
      </div>
      {children}
      {hint ? (
        <p className="field-hint" id={hintId(id)}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId(id)} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
