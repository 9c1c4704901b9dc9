// A list of whole numbers typed by hand ("50,100,200"), checked as the URL checks it: an entry
// that is malformed or out of range is shown with the message and not passed on.

import { useId, useState } from 'react';
import { checkValue, formatValue } from '../../engine/settings';
import type { IntListSetting } from '../../engine/settings';
import { describedBy, Field } from './Field';

export interface ListFieldProps {
  readonly spec: IntListSetting;
  readonly value: readonly number[];
  /** Called only with lists the spec allows. */
  readonly onChange: (value: readonly number[]) => void;
  readonly hint?: string;
  readonly disabled?: boolean;
}

export function ListField({ spec, value, onChange, hint, disabled }: ListFieldProps) {
  const id = useId();
  const text = formatValue(spec, value);
  const [draft, setDraft] = useState(text);
  const [shown, setShown] = useState(text);
  // The value changed from outside (reset, URL edit): show it, dropping any draft.
  if (text !== shown) {
    setShown(text);
    setDraft(text);
  }
  const checked = checkValue(spec.label, spec, draft.replace(/\s+/g, ''));
  const error = checked.ok ? null : checked.message;
  return (
    <Field id={id} label={spec.label} hint={hint} error={error}>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={draft}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => {
          const t = e.currentTarget.value;
          setDraft(t);
          const c = checkValue(spec.label, spec, t.replace(/\s+/g, ''));
          if (c.ok) {
            setShown(formatValue(spec, c.value));
            onChange(c.value);
          }
        }}
      />
    </Field>
  );
}
